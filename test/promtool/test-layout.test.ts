/**
 * How the generated tests are laid out to keep their cost linear in the SLOs: the tiers
 * of long windows and the period in files evaluated every 5m and every hour, the same
 * scenario of SLOs whose series no other SLO reads in one test group, and `tests: 'full'`
 * for every scenario every minute. Each layout passes the real promtool.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateConfig } from '../../src/config/validate.ts';
import { render } from '../../src/render.ts';
import { emit } from '../../src/output/emit.ts';
import type { SloConfig, SloforgeConfig, TierConfig } from '../../src/config/types.ts';
import { testRules } from '../support/promtool.ts';

interface Suite {
  evaluation_interval: string;
  tests: { name: string; input_series: { series: string }[] }[];
}

/** Page, a 6h tier and a 1d ticket: every file of the fast layout, cheaper than the default 3d tier. */
const TIERS = { slowTicket: false } as const;
const route = (name: string, matchers: string, tiers: Readonly<Record<string, false | TierConfig>> = TIERS): SloConfig => ({
  name,
  objective: 99.9,
  sli: { ratio: { errors: `http_requests_total{job="api",${matchers}code=~"5.."}`, total: `http_requests_total{job="api"${matchers ? `,${matchers.replace(/,$/, '')}` : ''}}` } },
  alerting: { tiers },
});

async function generated(config: SloforgeConfig, run: boolean): Promise<Map<string, Suite>> {
  const dir = await mkdtemp(join(tmpdir(), 'sloforge-layout-'));
  try {
    await emit(dir, render(validateConfig(config, 'test-layout')));
    const tests = join(dir, 'prometheus/tests');
    const suites = new Map<string, Suite>();
    for (const file of (await readdir(tests)).sort()) {
      suites.set(file, parse(await readFile(join(tests, file), 'utf8')) as Suite);
      if (run) {
        const result = await testRules(join(tests, file));
        expect(result.output).toContain('SUCCESS');
        expect(result.code, result.output).toBe(0);
      }
    }
    return suites;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the layout of the generated tests', () => {
  it("by default, the 6h tier runs every 5m and the 1d tier and the period every hour, the two SLOs' scenarios sharing groups, and every file passes", async () => {
    const suites = await generated({ services: [{ name: 'api', slos: [route('a', 'route="/a",'), route('b', 'route="/b",')] }] }, true);
    expect([...suites.keys()]).toEqual(['api.1h.test.yml', 'api.5m.test.yml', 'api.test.yml']);
    expect([...suites.values()].map((s) => s.evaluation_interval)).toEqual(['1h', '5m', '1m']);
    const names = (file: string) => suites.get(file)!.tests.map((t) => t.name);
    expect(names('api.5m.test.yml').some((n) => n.startsWith('api/a slowPage') && n.includes(' | api/b slowPage'))).toBe(true);
    expect(names('api.1h.test.yml').some((n) => n.startsWith('api/a fastTicket') && n.includes(' | api/b fastTicket'))).toBe(true);
    expect(names('api.1h.test.yml').some((n) => n.startsWith('api/a: under uneven traffic') && n.includes(' | api/b: under uneven traffic'))).toBe(true);
    // One group per scenario shape in the minute file: the fast page, the outage, no data (errors a subset of the
    // total cannot be broken that way: no SLIBroken scenario); the first-sample outage every 5m.
    expect(names('api.test.yml')).toHaveLength(3);
    expect(names('api.5m.test.yml').some((n) => n.startsWith('api/a: alerts of an outage since the first sample') && n.includes(' | api/b: alerts of'))).toBe(true);
    // Fed at the recorded increases and their hour-parity twins, which only the SLO's own rules read.
    expect(suites.get('api.1h.test.yml')!.tests[0]!.input_series.map((s) => s.series.split(',')[0])).toContain('{__name__="slo:sli_errors:increase1m_hour_parity"');
  }, 600_000);

  it("with tests: 'full', one file evaluated every minute holds every scenario from the SLI's own series, and it passes", async () => {
    const tiers = { fastTicket: false, slowTicket: false } as const;
    const suites = await generated({ services: [{ name: 'api', tests: 'full', slos: [route('a', 'route="/a",', tiers)] }] }, true);
    expect([...suites.keys()]).toEqual(['api.test.yml']);
    const names = suites.get('api.test.yml')!.tests.map((t) => t.name);
    expect(names.some((n) => n.startsWith('api/a slowPage'))).toBe(true);
    expect(names.some((n) => n.startsWith('api/a: under uneven traffic'))).toBe(true);
    expect(names.every((n) => !n.includes('fed at the recorded'))).toBe(true);
  }, 600_000);

  it('an SLO that reads the series of another keeps groups of its own', async () => {
    const suites = await generated({ services: [{ name: 'api', slos: [route('all', ''), route('login', 'route="/login",'), route('search', 'route="/search",')] }] }, false);
    const names = suites.get('api.test.yml')!.tests.map((t) => t.name);
    // "all" reads the login and search series: their fast-page tests run alone; all's series carry no route, so login and search read none of them.
    expect(names.filter((n) => n.includes(' fastPage: silent')).map((n) => n.split(' ')[0])).toEqual(['api/login', 'api/search', 'api/all']);
  });
});
