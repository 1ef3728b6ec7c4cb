/**
 * The config's PromQL check agrees with Prometheus: regexes as RE2 compiles them, string
 * literals as Go reads them, operand and argument types. What it refuses, `promtool check
 * rules` refuses, and what it lets through, promtool accepts.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { PLAIN_REGEX, syntaxError } from '../../src/config/promql.ts';
import { toYaml } from '../../src/output/serialize.ts';
import { promtool } from '../support/promtool.ts';

const EXPRESSIONS: readonly [string, 'valid' | 'refused'][] = [
  ['sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))', 'valid'],
  ['http_requests_total{code=~"5(..$"}', 'refused'],
  ['http_requests_total{code!~"(?P<x>5)..|[[:alpha:]]"}', 'valid'],
  ['http_requests_total{code=~"a{2,1}"}', 'refused'],
  ['http_requests_total{code=~"\\\\C"}', 'refused'],
  ['http_requests_total{code=~"a)|(b"}', 'refused'],
  ['up{job="\\uD800"}', 'refused'],
  ['up{job="\\U0010FFFF"}', 'valid'],
  ['up{job="\\q"}', 'refused'],
  ['up{job=\'it\\\'s\'}', 'valid'],
  ['up{job=`\\d`}', 'valid'],
  ['rate(up[5m]) > 1', 'valid'],
  ['up[5m] > 1', 'refused'],
  ['rate(up)', 'refused'],
  ['abs(up[5m])', 'refused'],
  ['1 > 2', 'refused'],
  ['1 > bool 2', 'valid'],
  ['up and 1', 'refused'],
  ['histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))', 'valid'],
  ['histogram_quantile(sum by (le) (rate(x_bucket[5m])))', 'refused'],
  ['topk(3, up)', 'valid'],
  ['count_values("v", up)', 'valid'],
  ['max_over_time(up[1h:5m])', 'valid'],
  ['max_over_time(rate(up[5m])[1h:5m])', 'valid'],
  ['-up', 'valid'],
  ['scalar(up) * 2', 'valid'],
];

describe('PromQL expressions', () => {
  it.each(EXPRESSIONS)('%s is %s, by sloforge and by promtool alike', async (expr, verdict) => {
    expect(syntaxError(expr) === undefined ? 'valid' : 'refused').toBe(verdict);
    const file = join(await mkdtemp(join(tmpdir(), 'sloforge-promql-')), 'rules.yml');
    await writeFile(file, toYaml({ groups: [{ name: 'g', rules: [{ record: 'r', expr }] }] }));
    const check = await promtool(['check', 'rules', file]);
    expect(check.code === 0 ? 'valid' : 'refused', check.output).toBe(verdict);
  });

  it("label_replace's regex, which Prometheus compiles only when the rule runs, is checked by RE2 too", () => {
    expect(syntaxError('label_replace(up, "x", "$1", "job", "(")')).toMatch(/the regex "\(" does not compile in RE2: missing closing \)/);
    expect(syntaxError('label_replace(up, "x", "$1", "job", "(.*)")')).toBeUndefined();
  });

  it('a rule result must be an instant vector or a scalar, which promtool check rules does not see', () => {
    expect(syntaxError('rate(up[5m])', 'a rule result')).toBeUndefined();
    expect(syntaxError('2', 'a rule result')).toBeUndefined();
    expect(syntaxError('up[5m]', 'a rule result')).toMatch(/^is a range vector; it must give an instant vector/);
    expect(syntaxError('"text"', 'a rule result')).toMatch(/^is a string/);
  });
});

describe('regexes the check does not compile', () => {
  // The check leaves to RE2 only regexes with more than letters, digits, '.', '|', anchors and literal punctuation: those RE2 always compiles.
  // Every character the fast path lets through, read from its regex, so widening it widens what is drawn here.
  const PLAIN = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).filter((c) => PLAIN_REGEX.test(c));
  it('letters, digits, ".", "|", anchors, ":", "/", " " and "-" in any order compile in RE2, alone and anchored', () => {
    expect(PLAIN.join('')).toBe(' $-./0123456789:ABCDEFGHIJKLMNOPQRSTUVWXYZ^_abcdefghijklmnopqrstuvwxyz|');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...PLAIN), maxLength: 12 }), (regex) => {
        RE2JS.compile(regex);
        RE2JS.compile(`^(?:${regex})$`);
        expect(syntaxError(`up{job=~"${regex}"}`)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });
});
