/**
 * `sloforge backtest` through the CLI against a real Prometheus backfilled with four days of
 * traffic holding known incidents (incident-history.ts), compared with Prometheus' own rule
 * engine: promtool evaluates the same generated rules over the same samples, and at every
 * sampled minute the alerts firing there are exactly the backtest's, except within one
 * evaluation interval of a change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../../src/stack/servers.ts';
import { main } from '../../src/cli/main.ts';
import { prometheusClient } from '../../src/prometheus-api/client.ts';
import { toYaml } from '../../src/output/serialize.ts';
import { generate } from '../../src/generate.ts';
import { promtool } from '../support/promtool.ts';
import { FIRST, INCIDENTS, LAST, MINUTES, STEP, inputSeries } from './incident-history.ts';
import { config, iso, run, startBackfilledPrometheus, type BackfilledPrometheus } from './backfilled-prometheus.ts';

interface JsonBacktest {
  start: string;
  end: string;
  step: string;
  alerts: { alertname: string; labels: Record<string, string>; firings: { start: string; end: string }[]; firingSeconds: number }[];
}

let server: BackfilledPrometheus | undefined;
let url: string;
let work: string;
let configFile: string;

const RANGE = ['--start', iso(FIRST), '--end', iso(LAST)];

beforeAll(async () => {
  server = await startBackfilledPrometheus();
  ({ url, work } = server);
  configFile = join(work, 'slo.config.json');
  await writeFile(configFile, JSON.stringify(config(99)));
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

let backtest: Promise<JsonBacktest> | undefined;
function jsonBacktest(): Promise<JsonBacktest> {
  backtest ??= (async () => {
    const result = await run(['backtest', '--config', configFile, '--prometheus', url, ...RANGE, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    if (process.env.BACKTEST_DUMP) {
      // The README's samples: the JSON and the text of the same run.
      await writeFile(process.env.BACKTEST_DUMP, result.stdout);
      await writeFile(`${process.env.BACKTEST_DUMP}.txt`, (await run(['backtest', '--config', configFile, '--prometheus', url, ...RANGE])).stdout);
    }
    return JSON.parse(result.stdout) as JsonBacktest;
  })();
  return backtest;
}

/** Minutes from FIRST of an RFC 3339 time. */
const minuteOf = (time: string) => (Date.parse(time) / 1000 - FIRST) / STEP;
const tier = (long: string, slo = 'requests') => (b: JsonBacktest) => b.alerts.find((a) => a.alertname === 'ErrorBudgetBurn' && a.labels.slo === slo && a.labels.long_window === long)!;

describe('sloforge backtest on four days with known incidents', () => {
  it('states its range and step and labels every alert with service, slo, severity and its windows', async () => {
    const result = await jsonBacktest();
    expect(result).toMatchObject({ start: iso(FIRST), end: iso(LAST), step: '1m' });
    for (const alert of result.alerts) {
      expect(alert.labels.service).toBe('shop');
      expect(['requests', 'failures']).toContain(alert.labels.slo);
      expect(alert.labels.severity).toBeTruthy();
      if (alert.alertname === 'ErrorBudgetBurn') expect(Object.keys(alert.labels)).toEqual(expect.arrayContaining(['long_window', 'short_window']));
      expect(alert.firingSeconds).toBe(alert.firings.reduce((sum, f) => sum + (Date.parse(f.end) - Date.parse(f.start)) / 1000, 0));
    }
    const alerts = (slo: string) => result.alerts.filter((a) => a.labels.slo === slo).map((a) => `${a.alertname} ${a.labels.long_window ?? ''}`).sort();
    expect(alerts('requests')).toEqual(['ErrorBudgetBurn 1d', 'ErrorBudgetBurn 1h', 'ErrorBudgetBurn 3d', 'ErrorBudgetBurn 6h', 'SLONoData ']);
    expect(alerts('failures')).toEqual(['ErrorBudgetBurn 1d', 'ErrorBudgetBurn 1h', 'ErrorBudgetBurn 3d', 'ErrorBudgetBurn 6h', 'SLIBroken ', 'SLONoData ']);
  });

  it('pages on the full outage a few minutes in, and resolves after it', async () => {
    const result = await jsonBacktest();
    const [firing] = tier('1h')(result).firings;
    const [from, to] = INCIDENTS.outage;
    expect(minuteOf(firing!.start)).toBeGreaterThan(from);
    expect(minuteOf(firing!.start)).toBeLessThan(from + 15);
    expect(minuteOf(firing!.end)).toBeGreaterThan(to);
  });

  it('tickets the 3× slow burn on the 3d window, not before the burn began', async () => {
    const firings = tier('3d')(await jsonBacktest()).firings;
    const [from, to] = INCIDENTS.slowBurn;
    expect(firings.some((f) => minuteOf(f.start) > from && minuteOf(f.start) < to && minuteOf(f.end) > to)).toBe(true);
  });

  it('reports the hour without samples as no data after its `for`, and the time before the history began too', async () => {
    const firings = (await jsonBacktest()).alerts.find((a) => a.alertname === 'SLONoData' && a.labels.slo === 'requests')!.firings;
    expect(firings).toHaveLength(2);
    expect(firings[0]).toEqual({ start: iso(FIRST), end: iso(FIRST + 60) });
    expect(minuteOf(firings[1]!.start)).toBeGreaterThan(INCIDENTS.gap[0] + 22);
    expect(minuteOf(firings[1]!.end)).toBeLessThanOrEqual(INCIDENTS.gap[1] + 1);
  });

  it('calls the hour of three failures per request a broken SLI, after its `for`, and pages no outage for it', async () => {
    const result = await jsonBacktest();
    const [from, to] = INCIDENTS.brokenSli;
    const broken = result.alerts.find((a) => a.alertname === 'SLIBroken')!.firings;
    expect(broken).toHaveLength(1);
    expect(minuteOf(broken[0]!.start)).toBeGreaterThan(from);
    expect(minuteOf(broken[0]!.start)).toBeLessThan(from + 20);
    const pageDuring = tier('1h', 'failures')(result).firings.filter((f) => minuteOf(f.end) > from && minuteOf(f.start) < to + 60);
    expect(pageDuring).toEqual([]);
  });

  it('agrees with Prometheus\' own evaluation of the same rules over the same samples, to one evaluation interval of the slowest group an alert reads', async () => {
    const result = await jsonBacktest();
    const generated = join(work, 'generated');
    await generate({ config: configFile, out: generated });
    // Each alert instance's firing minutes, and the minutes within one interval of a change of any of
    // them: 5m for the 1d and 3d tiers, which read the 5m long-window group, 1m for the others.
    const instances = result.alerts.map((a) => ({
      labels: { __name__: 'ALERTS', alertname: a.alertname, alertstate: 'firing', ...a.labels },
      spans: a.firings.map((f) => [minuteOf(f.start), minuteOf(f.end)] as const),
      interval: ['1d', '3d'].includes(a.labels.long_window ?? '') ? 5 : 1,
    }));
    const near = new Set<number>();
    for (const { spans, interval } of instances) for (const [from, to] of spans) for (const edge of [from, to]) for (let m = edge - interval; m <= edge + interval; m++) near.add(m);
    const sampled: number[] = [];
    for (let m = 0; m <= MINUTES; m++) if (!near.has(m) && (m % 5 === 0 || near.has(m - 1) || near.has(m + 1))) sampled.push(m);
    const tests = sampled.map((m) => ({
      expr: 'ALERTS{alertstate="firing"}',
      eval_time: `${m}m`,
      exp_samples: instances.filter((i) => i.spans.some(([from, to]) => m >= from && m < to)).map((i) => ({ labels: labelSet(i.labels), value: 1 })),
    }));
    const file = join(work, 'agreement.test.yml');
    await writeFile(file, toYaml({ rule_files: [join(generated, 'prometheus/rules/shop.yml')], evaluation_interval: '1m', tests: [{ interval: '1m', input_series: inputSeries(), promql_expr_test: tests }] }));
    const check = await promtool(['test', 'rules', file]);
    expect(check.output.slice(0, 4000)).toContain('SUCCESS');
    expect(check.code).toBe(0);
    expect(sampled.length).toBeGreaterThan(MINUTES / 6);
    // One promtool on one core for four simulated days: 81 s idle, 334 s on a 2-core machine at load 8-16.
  }, 1_200_000);
});

function labelSet(labels: Record<string, string>): string {
  const { __name__: metric, ...rest } = labels;
  return `${metric}{${Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
}

describe('sloforge backtest on a terminal', () => {
  it('shows its progress on one stderr line, cleared before the result', async () => {
    let stderr = '';
    let stdout = '';
    const tty = { isTTY: true, write: (s: string) => ((stderr += s), true) };
    const code = await main(['backtest', '--config', configFile, '--prometheus', url, ...RANGE], { write: (s: string) => ((stdout += s), true) }, tty);
    expect(code).toBe(0);
    const levels = /^\r\x1b\[Kbacktest: level 1\/(\d+), 1\/\d+ queries/.exec(stderr)?.[1];
    expect(Number(levels)).toBeGreaterThan(1);
    expect(stderr).toContain(`backtest: level ${levels}/${levels}`);
    expect(stderr.endsWith('\r\x1b[K')).toBe(true);
    expect(stderr).not.toContain('\n');
    expect(stdout).toContain('Backtest ');
  });
});

describe('sloforge backtest on a server that refuses big queries', () => {
  it('asks in smaller pieces where the server would load more than its query.max-samples, with the same answer', async () => {
    const strict = await startBackfilledPrometheus(3_000);
    try {
      // The whole range in one query is too much for it...
      const client = await prometheusClient({ url: strict.url });
      await expect(client.queryRange('sum(rate(http_requests_total[5m]))', { start: FIRST - 3 * 86400, end: LAST }, 60)).rejects.toThrow(/too many samples/);
      // ...yet the backtest gets every evaluation.
      const result = await run(['backtest', '--config', configFile, '--prometheus', strict.url, ...RANGE, '--format', 'json']);
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toEqual(await jsonBacktest());
    } finally {
      await strict.stop();
    }
  }, 300_000);
});

describe('sloforge backtest refuses what it cannot answer', () => {
  it('names an unreachable server and exits 1', async () => {
    const port = await freePort();
    const result = await run(['backtest', '--config', configFile, '--prometheus', `http://127.0.0.1:${port}`, ...RANGE]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot reach http://127.0.0.1:${port}`);
    expect(result.stdout).toBe('');
  });

  it('refuses a range the server\'s retention no longer covers, naming the retention and the warm-up', async () => {
    const result = await run(['backtest', '--config', configFile, '--prometheus', url, '--start', '2010-01-01T00:00:00Z', '--end', '2010-02-01T00:00:00Z']);
    expect(result.code).toBe(1);
    // The warm-up is the chain's own: the 3d window and what its pieces read before it.
    const refusal = /the server keeps 10y of history \(from about \S+\), but the backtest reads from (\S+): the range's start 2010-01-01T00:00:00Z less ([\d.]+) days the longest alert window needs before it/.exec(result.stderr);
    expect(refusal, result.stderr).not.toBeNull();
    expect(Number(refusal![2])).toBeGreaterThanOrEqual(3);
    expect(Date.parse('2010-01-01T00:00:00Z') - Date.parse(refusal![1]!)).toBeCloseTo(Number(refusal![2]) * 86_400_000, -7);
    expect(result.stdout).toBe('');
  });

  it.each([
    [['--start', iso(LAST), '--end', iso(FIRST)], `--start (${iso(LAST)}) must be before --end (${iso(FIRST)})`],
    [['--range', 'a month'], '--range must be a duration such as 7d or 30d, got "a month"'],
    [['--range', '30d', '--start', iso(FIRST)], 'give either --range or --start and --end, not both'],
    [['--start', '2026-11-20', '--end', iso(LAST)], '--start must be an RFC 3339 time'],
    [['--start', iso(FIRST), '--end', '2999-01-01T00:00:00Z'], 'is in the future'],
    [['--range', '1d', '--step', 'often'], '--step must be a duration such as 1m, got "often"'],
  ])('refuses %j as a usage error, exit 2', async (args, message) => {
    const result = await run(['backtest', '--config', configFile, '--prometheus', url, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });
});
