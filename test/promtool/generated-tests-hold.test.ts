/**
 * Valid configs whose generated tests used to fail `promtool test rules` (issue 12): SLOs
 * of one service whose selectors overlap under one alert name, objectives below 95%, and
 * groupBy labels the selectors match by regex, set or negation. Each config here is
 * generated and its tests run in the real promtool; windows are kept short, so it is quick.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readFile } from 'node:fs/promises';
import { validateConfig } from '../../src/config/validate.ts';
import { render } from '../../src/render.ts';
import { emit } from '../../src/output/emit.ts';
import type { SloConfig, SloforgeConfig } from '../../src/config/types.ts';
import { testRules } from '../support/promtool.ts';

const NO_DEFAULTS = { fastPage: false, slowPage: false, fastTicket: false, slowTicket: false } as const;
const SHORT_TIERS = { ...NO_DEFAULTS, page: { longWindow: '1h', shortWindow: '5m', budgetPercent: 2, severity: 'critical' } } as const;

const requests = (matchers: string) => ({ errors: `http_requests_total{job="api",${matchers}code=~"5.."}`, total: `http_requests_total{job="api"${matchers ? `,${matchers.replace(/,$/, '')}` : ''}}` });
const ratioSlo = (name: string, matchers: string, extra: Partial<SloConfig> = {}): SloConfig => ({ name, objective: 99.9, sli: { ratio: requests(matchers) }, alerting: { tiers: SHORT_TIERS }, ...extra });

interface Generated {
  readonly dir: string;
  readonly tests: { file: string; suite: { tests: { name: string; input_series: { series: string }[]; alert_rule_test?: { exp_alerts: { exp_labels: Record<string, string> }[] }[] }[] } }[];
}

async function generate(config: SloforgeConfig): Promise<Generated> {
  const dir = await mkdtemp(join(tmpdir(), 'sloforge-hold-'));
  await emit(dir, render(validateConfig(config, 'generated-tests-hold')));
  const files = (await readdir(join(dir, 'prometheus/tests'))).map((f) => join(dir, 'prometheus/tests', f));
  return { dir, tests: await Promise.all(files.map(async (file) => ({ file, suite: parse(await readFile(file, 'utf8')) }))) };
}

async function passesPromtool(config: SloforgeConfig): Promise<Generated> {
  const out = await generate(config);
  try {
    for (const { file } of out.tests) {
      const run = await testRules(file);
      expect(run.output).toContain('SUCCESS');
      expect(run.code, run.output).toBe(0);
    }
  } finally {
    await rm(out.dir, { recursive: true, force: true });
  }
  return out;
}

/** The SLO's first-sample outage: every minute where other SLOs read its series, else every 5m. */
const annotationTest = (out: Generated, slo: string) =>
  out.tests.flatMap((t) => t.suite.tests).find((t) => t.alert_rule_test && t.name.split(' | ').some((name) => name.startsWith(`api/${slo}: alerts of an outage`)))!;
const everyMinute = (out: Generated) => out.tests.find((t) => t.file.endsWith('/api.test.yml'))!.suite;

describe('SLOs of one service under one alert name, their selectors overlapping', () => {
  it("an all-requests SLO and a route=\"/login\" SLO: the login scenario's series also feed the other SLO, whose alerts its test expects", async () => {
    const out = await passesPromtool({ services: [{ name: 'api', slos: [ratioSlo('all', ''), ratioSlo('login', 'route="/login",')] }] });
    const slos = annotationTest(out, 'login').alert_rule_test![0]!.exp_alerts.map((a) => a.exp_labels.slo).sort();
    expect(slos).toEqual(['all', 'login']);
    // The all-requests scenario's series carry no route: the login SLO reads none of them.
    expect(annotationTest(out, 'all').alert_rule_test![0]!.exp_alerts.map((a) => a.exp_labels.slo)).toEqual(['all']);
  }, 300_000);

  it('a Pyrra-style set by verb (LIST|GET, POST|PUT|PATCH|DELETE) beside a verb!="WATCH" SLO: series are picked that the siblings do not select where that is possible', async () => {
    const out = await passesPromtool({
      services: [
        {
          name: 'api',
          slos: [ratioSlo('read', 'verb=~"LIST|GET",'), ratioSlo('write', 'verb=~"POST|PUT|PATCH|DELETE",'), ratioSlo('not-watch', 'verb!="WATCH",'), ratioSlo('any', 'verb=~".+",')],
        },
      ],
    });
    // "not-watch" and "any" can be kept out of each other's scenarios (verb="WATCH" for "any", no verb for "not-watch"),
    // so theirs share one test group, each SLO's alerts fed by its own series alone.
    const shared = annotationTest(out, 'any');
    expect(shared).toBe(annotationTest(out, 'not-watch'));
    expect(shared.input_series.every((s) => s.series.includes('verb="WATCH"') || !s.series.includes('verb='))).toBe(true);
    expect(shared.alert_rule_test![0]!.exp_alerts.map((a) => a.exp_labels.slo).sort()).toEqual(['any', 'not-watch']);
    // "read" and "write" cannot: both other SLOs select every verb they accept.
    expect(annotationTest(out, 'read').alert_rule_test![0]!.exp_alerts.map((a) => a.exp_labels.slo).sort()).toEqual(['any', 'not-watch', 'read']);
  }, 300_000);

  it("Sloth's contrib shape: an availability SLO and a latency SLO of one histogram's routes, with groupBy, under one alert name", async () => {
    await passesPromtool({
      services: [
        {
          name: 'api',
          slos: [
            { name: 'availability', objective: 99.9, sli: { ratio: { errors: 'http_request_duration_seconds_count{job="api",code=~"5.."}', total: 'http_request_duration_seconds_count{job="api"}', groupBy: ['route'] } }, alerting: { tiers: SHORT_TIERS } },
            { name: 'latency', objective: 99, sli: { latency: { histogram: 'http_request_duration_seconds{job="api"}', threshold: '300ms', groupBy: ['route'] } }, alerting: { tiers: SHORT_TIERS } },
            { name: 'login-latency', objective: 99, sli: { latency: { histogram: 'http_request_duration_seconds{job="api",route="/login"}', threshold: '1s' } }, alerting: { tiers: SHORT_TIERS } },
          ],
        },
      ],
    });
  }, 300_000);
});

describe('objectives below 95%', () => {
  /**
   * Tiers at a given error ratio: budgetPercent = ratio / budget × long window / period.
   * The slow tier's short window is long against the outage, which ends once every tier
   * fires: it resolves before its "within short window + for", where the test once checked it.
   */
  const tiers = (objective: number) => {
    const percent = (errorRatio: number, longHours: number) => Number(((100 * errorRatio * longHours) / (1 - objective / 100) / 720).toPrecision(4));
    return {
      ...NO_DEFAULTS,
      fast: { longWindow: '1h', shortWindow: '5m', budgetPercent: percent(0.5, 1), severity: 'critical', for: '2m' },
      slow: { longWindow: '12h', shortWindow: '4h', budgetPercent: percent(0.25, 12), severity: 'warning', for: '1h' },
    };
  };
  it.each([50, 75, 90])('a %d%% objective: the full-outage test checks each tier while the outage it predicts still has it firing', async (objective) => {
    await passesPromtool({ services: [{ name: 'api', slos: [{ name: 'all', objective, sli: { ratio: requests('') }, alerting: { tiers: tiers(objective) } }] }] });
  }, 300_000);
});

describe('an uptime gauge at a low objective', () => {
  it("a 75% uptime SLO's outage fires at the minute the window math says: the gauge's series start after minute 0, which the math does not count", async () => {
    await passesPromtool({
      services: [
        {
          name: 'api',
          slos: [{ name: 'up', objective: 75, period: '366d', sli: { uptime: { gauge: 'up{job="api"}' } }, alerting: { tiers: { ...NO_DEFAULTS, page: { longWindow: '3h', shortWindow: '5m', budgetPercent: 0.0871, severity: 'critical', for: '1m' } } } }],
        },
      ],
    });
  }, 300_000);
});

describe('groupBy on a label the selectors match by regex, set or negation', () => {
  it.each([
    ['a regex', 'handler=~"/api.*"', '/api'],
    ['a set', 'handler=~"/a|/b"', '/a'],
    ['a negation', 'handler!="/health"', 'sloforge-test'],
    ['a negative regex', 'handler!~"/health|/metrics"', 'sloforge-test'],
  ])('%s (%s): input series and expected alerts carry one value the matchers accept', async (_, matcher, value) => {
    const out = await passesPromtool({ services: [{ name: 'api', slos: [ratioSlo('all', `${matcher},`, { sli: { ratio: { ...requests(`${matcher},`), groupBy: ['handler'] } } })] }] });
    // The SLI's own series, every minute; the first-sample outage's recorded increases and alerts carry the value too.
    const series = [...everyMinute(out).tests, annotationTest(out, 'all')].flatMap((t) => t.input_series);
    expect(series.filter((s) => s.series.includes('http_requests_total')).length).toBeGreaterThan(0);
    expect(series.every((s) => s.series.includes(`handler=${JSON.stringify(value)}`))).toBe(true);
    expect(annotationTest(out, 'all').alert_rule_test![0]!.exp_alerts.every((a) => a.exp_labels.handler === value)).toBe(true);
  }, 300_000);
});

describe("short windows below 5m (issue 19): Pyrra's tiers for a 7d and a 2w SLO", () => {
  it("a 7d SLO with a 15m/1m tier (Pyrra's 7d fast page) and a 30m/3m tier (its 2w one, scaled): the generated tests pass", async () => {
    const tiers = {
      ...NO_DEFAULTS,
      pyrraFast: { longWindow: '15m', shortWindow: '1m', budgetPercent: 2, severity: 'critical', for: '1m' },
      pyrraTwoWeeks: { longWindow: '30m', shortWindow: '3m', budgetPercent: 2, severity: 'critical', for: '1m' },
    };
    const out = await passesPromtool({ services: [{ name: 'api', slos: [ratioSlo('all', '', { objective: 99, period: '7d', alerting: { tiers } })] }] });
    const windows = out.tests.flatMap((file) => file.suite.tests).flatMap((t) => t.alert_rule_test ?? []).flatMap((a) => a.exp_alerts.map((e) => e.exp_labels.short_window));
    expect(new Set(windows.filter((w) => w !== undefined))).toEqual(new Set(['1m', '3m']));
  }, 300_000);
});
