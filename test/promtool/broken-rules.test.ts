/**
 * The generated promtool tests can fail: each case breaks one number or window in the
 * generated rules, as a careless hand edit or a generator bug would, and the same
 * generated tests must then fail.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateInto } from '../support/generate.ts';
import { testRules } from '../support/promtool.ts';

const SLO = '{service="api",slo="errors"}';
const windowRule = (w: string) => `sum_over_time(slo:sli_errors:rate5m${SLO}[${w}]) / (sum_over_time(slo:sli_total:rate5m${SLO}[${w}]) > 0)`;

const breaks: [string, string, string][] = [
  ['the fast page fires at 13x instead of 14.4x', `${SLO} / (1 - 0.999) > 14.4`, `${SLO} / (1 - 0.999) > 13`],
  ['the fast page fires at 16x instead of 14.4x', `${SLO} / (1 - 0.999) > 14.4`, `${SLO} / (1 - 0.999) > 16`],
  ['the slow page fires at 5.5x instead of 6x', `${SLO} / (1 - 0.999) > 6`, `${SLO} / (1 - 0.999) > 5.5`],
  ['the 1h window reads 2h', windowRule('1h'), windowRule('2h')],
  ['the 1h window reads 45m', windowRule('1h'), windowRule('45m')],
  ['the 6h window reads 5h', windowRule('6h'), windowRule('5h')],
  ['the fast page reads the 30m short window instead of 5m', `slo:sli_error:ratio_rate5m${SLO} / (1 - 0.999) > 14.4`, `slo:sli_error:ratio_rate30m${SLO} / (1 - 0.999) > 14.4`],
  ['the fast page waits 10m instead of 2m', '> 14.4\n        for: 2m', '> 14.4\n        for: 10m'],
  ['the period SLI averages hourly ratios', `sum_over_time(slo:sli_errors:rate1h${SLO}[30d:1h]) / (sum_over_time(slo:sli_total:rate1h${SLO}[30d:1h]) > 0)`, `avg_over_time(slo:sli_error:ratio_rate1h${SLO}[30d:1h])`],
];

describe('the generated promtool tests fail when the rules are broken on purpose', () => {
  let rulesFile: string;
  let testFile: string;
  let original: string;
  beforeAll(async () => {
    const { dir } = await generateInto('test/fixtures/two-pages.config.ts');
    rulesFile = join(dir, 'prometheus/rules/api.yml');
    testFile = join(dir, 'prometheus/tests/api.test.yml');
    original = await readFile(rulesFile, 'utf8');
  });

  it('they pass on the rules as generated', async () => {
    await writeFile(rulesFile, original);
    const run = await testRules(testFile);
    expect(run.code, run.output).toBe(0);
  });

  it.each(breaks)('they fail when %s', async (_, find, replace) => {
    expect(original).toContain(find);
    await writeFile(rulesFile, original.replace(find, replace));
    const run = await testRules(testFile);
    expect(run.output).toContain('FAILED');
    expect(run.code).toBe(1);
  });
});
