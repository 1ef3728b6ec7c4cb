/**
 * The generated promtool tests can fail: each case breaks one number or window in the
 * generated rules, as a careless hand edit or a generator bug would, and the same
 * generated tests must then fail. The generated tests pass on the rules as generated
 * (every group run); a break is caught when one group fails (testRulesUntilFailure).
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { toYaml } from '../../src/output/serialize.ts';
import { join } from 'node:path';
import { generateInto } from '../support/generate.ts';
import { testRules, testRulesUntilFailure, type Run } from '../support/promtool.ts';

/** Every test file of the service (`api.test.yml`, `api.5m.test.yml`, `api.1h.test.yml`) passes. */
async function testService(dir: string, service: string): Promise<Run> {
  const runs: Run[] = [];
  for (const file of await serviceTestFiles(dir, service)) runs.push(await testRules(file));
  return { code: Math.max(...runs.map((r) => r.code)), output: runs.map((r) => r.output).join('\n') };
}

/** The first failing run among the service's test files, or the last passing one. */
async function testServiceUntilFailure(dir: string, service: string): Promise<Run> {
  let run: Run = { code: 0, output: '' };
  for (const file of await serviceTestFiles(dir, service)) {
    run = await testRulesUntilFailure(file);
    if (run.code !== 0) return run;
  }
  return run;
}

async function serviceTestFiles(dir: string, service: string): Promise<string[]> {
  const files = (await readdir(join(dir, 'prometheus/tests'))).filter((f) => f.startsWith(`${service}.`) && f.endsWith('.test.yml'));
  expect(files).toContain(`${service}.test.yml`);
  return files.sort().map((f) => join(dir, 'prometheus/tests', f));
}

const SLO = '{service="api",slo="errors"}';
/** A window's rule: the per-minute increases over a range half a minute short of it. */
const windowRule = (range: string) => `sum_over_time(slo:sli_errors:increase1m${SLO}[${range}]) / (sum_over_time(slo:sli_total:increase1m${SLO}[${range}]) > 0)`;
const periodTiles = (offset: string) => `sum_over_time(last_over_time(slo:sli_errors:increase_last_hour${SLO}[1h] offset ${offset})[29d21h59m59s999ms:1h])`;

const ticketBreaks: [string, string, string][] = [
  ['the fast ticket fires at 2.8x instead of 3x', `slo:sli_error:ratio_rate1d${SLO} / (1 - 0.999) > 3`, `slo:sli_error:ratio_rate1d${SLO} / (1 - 0.999) > 2.8`],
  ['the slow ticket fires at 1.1x instead of 1x', `slo:sli_error:ratio_rate3d${SLO} / (1 - 0.999) > 1`, `slo:sli_error:ratio_rate3d${SLO} / (1 - 0.999) > 1.1`],
  ["the 1d window's hourly tiles of errors span 21h instead of 22h", `${SLO}[1h] offset 1ms)[21h59m59s999ms:1h]`, `${SLO}[1h] offset 1ms)[20h59m59s999ms:1h]`],
  ["the 3d window's hourly tiles of errors span 2d20h instead of 2d21h", `${SLO}[1h] offset 1ms)[2d21h59m59s999ms:1h]`, `${SLO}[1h] offset 1ms)[2d20h59m59s999ms:1h]`],
  ['the fast ticket reads the 6h short window instead of 2h', `slo:sli_error:ratio_rate2h${SLO} / (1 - 0.999) > 3`, `slo:sli_error:ratio_rate6h${SLO} / (1 - 0.999) > 3`],
  ['the slow ticket waits 4h instead of 3h', '> 1\n        for: 3h', '> 1\n        for: 4h'],
];

const breaks: [string, string, string][] = [
  ['the fast page fires at 13x instead of 14.4x', `${SLO} / (1 - 0.999) > 14.4`, `${SLO} / (1 - 0.999) > 13`],
  ['the fast page fires at 16x instead of 14.4x', `${SLO} / (1 - 0.999) > 14.4`, `${SLO} / (1 - 0.999) > 16`],
  ['the slow page fires at 5.5x instead of 6x', `${SLO} / (1 - 0.999) > 6`, `${SLO} / (1 - 0.999) > 5.5`],
  ['the 1h window reads 2h', windowRule('59m30s'), windowRule('1h59m30s')],
  ['the 1h window reads 45m', windowRule('59m30s'), windowRule('44m30s')],
  ['the 6h window reads 5h', windowRule('5h59m30s'), windowRule('4h59m30s')],
  ['the fast page reads the 30m short window instead of 5m', `slo:sli_error:ratio_rate5m${SLO} / (1 - 0.999) > 14.4`, `slo:sli_error:ratio_rate30m${SLO} / (1 - 0.999) > 14.4`],
  ['the fast page waits 10m instead of 2m', '> 14.4\n        for: 2m', '> 14.4\n        for: 10m'],
  ['the period SLI reads its hourly tiles of errors an hour early', periodTiles('1ms'), periodTiles('1h1ms')],
];

/** The fixture's generated tests pass on its rules, and fail on each break of them (find, replace). */
function provesBreaks(title: string, fixture: string, cases: readonly (readonly [string, string, string])[]): void {
  describe(title, () => {
    let dir: string;
    let rulesFile: string;
    let original: string;
    beforeAll(async () => {
      ({ dir } = await generateInto(fixture));
      rulesFile = join(dir, 'prometheus/rules/api.yml');
      original = await readFile(rulesFile, 'utf8');
    });

    it('they pass on the rules as generated', async () => {
      await writeFile(rulesFile, original);
      const run = await testService(dir, 'api');
      expect(run.code, run.output).toBe(0);
    });

    it.each(cases)('they fail when %s', async (_, find, replace) => {
      expect(original).toContain(find);
      await writeFile(rulesFile, original.replace(find, replace));
      // One failing group is the proof: the groups after it are not run.
      const run = await testServiceUntilFailure(dir, 'api');
      expect(run.output).toContain('FAILED');
      expect(run.code).toBe(1);
    });
  });
}

provesBreaks('the generated promtool tests fail when the rules are broken on purpose', 'test/fixtures/two-pages.config.ts', breaks);
provesBreaks('the generated tests of the day-long ticket tiers, evaluated every hour, fail when those rules are broken on purpose', 'test/fixtures/two-tickets.config.ts', ticketBreaks);

const HISTOGRAM = 'http_request_duration_seconds_count{job="shop",handler!="/metrics"}';
const BUCKET_AT_1S = 'http_request_duration_seconds_bucket{job="shop",handler!="/metrics",le=~"1|1\\\\.0"}';
const increase = (selector: string) => `60 * irate(${selector}[2m:1m])`;
const LATENCY_ERRORS = `clamp_min(sum(${increase(HISTOGRAM)} - sum without (le) (${increase(BUCKET_AT_1S)})), 0)`;
const RPC_ERRORS = `sum(${increase('rpc_errors_total')})`;

const sliBreaks: [string, string, string][] = [
  ['latency errors are total minus the summed bucket, not per series', LATENCY_ERRORS, `clamp_min(sum(${increase(HISTOGRAM)}) - (sum(${increase(BUCKET_AT_1S)}) or 0 * sum(${increase(HISTOGRAM)})), 0)`],
  ['ratio errors beyond twice the total still count', `(${RPC_ERRORS} <= on () 2 * slo:sli_total:increase1m{service="shop",slo="custom-tiers"})`, RPC_ERRORS],
  ['an uptime gauge outside 0..1 still counts', 'sum(60 * (1 - (avg_over_time(up{job="shop"}[59s999ms]) >= 0 <= 1)))', 'sum(60 * (1 - avg_over_time(up{job="shop"}[59s999ms])))'],
  ['SLIBroken on a latency histogram fires whatever its buckets', `count(${HISTOGRAM} unless ignoring (le) ${BUCKET_AT_1S})`, `count(${HISTOGRAM})`],
  ['SLIBroken waits 20m instead of 10m', '> 2\n        for: 10m', '> 2\n        for: 20m'],
];

describe('the generated SLIBroken scenarios fail when the rules count broken data as errors', () => {
  let rulesFile: string;
  let testFile: string;
  let original: string;
  beforeAll(async () => {
    const { dir } = await generateInto('test/fixtures/every-kind.config.ts');
    rulesFile = join(dir, 'prometheus/rules/shop.yml');
    testFile = join(dir, 'prometheus/tests/shop.sli-broken.test.yml');
    original = await readFile(rulesFile, 'utf8');
    // The broken-SLI scenarios and the full outages, which must not look broken: the rest is the other cases' business.
    const suite = parse(await readFile(join(dir, 'prometheus/tests/shop.test.yml'), 'utf8')) as { tests: { name: string }[] };
    const tests = suite.tests.filter((t) => /SLIBroken|a full outage/.test(t.name));
    // Scenarios of SLOs whose series no other SLO reads share a group, their names joined by " | ".
    expect(tests.flatMap((t) => t.name.split(' | ')).filter((name) => name.includes('raises SLIBroken')).length).toBe(3);
    await writeFile(testFile, toYaml({ ...suite, tests }));
  });

  it('they pass on the rules as generated', async () => {
    await writeFile(rulesFile, original);
    const run = await testRules(testFile);
    expect(run.code, run.output).toBe(0);
  });

  it.each(sliBreaks)('they fail when %s', async (_, find, replace) => {
    expect(original).toContain(find);
    await writeFile(rulesFile, original.replace(find, replace));
    // One failing group is the proof: the groups after it are not run.
    const run = await testRulesUntilFailure(testFile);
    expect(run.output).toContain('FAILED');
    expect(run.code).toBe(1);
  });
});
