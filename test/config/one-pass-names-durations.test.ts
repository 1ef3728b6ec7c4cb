/**
 * Issue 12's "also found": every problem in one run, whichever stage finds it; alert names
 * as Prometheus, vmalert and Alertmanager take them; equal windows spelled differently are
 * one window, in its canonical spelling.
 */
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.ts';
import { recordedWindows } from '../../src/model/windows.ts';
import { render } from '../../src/render.ts';
import type { SloConfig, SloforgeConfig } from '../../src/config/types.ts';
import { configProblems } from '../support/config-problems.ts';

const sli = (errors = 'x_total{code="500"}') => ({ ratio: { errors, total: 'x_total' } });

const problemsOf = (config: unknown) => configProblems(config);

describe('problems reported in one pass', () => {
  it('a shape error in one SLO and a PromQL error in another are reported together', () => {
    const problems = problemsOf({
      services: [{ name: 'api', slos: [{ name: 'a', objective: 'high', sli: sli() }, { name: 'b', objective: 99.9, sli: sli('x_total{code=~"5(.."}') }] }],
    });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^services\[api\]\.slos\[a\]\.objective: must be a number/);
    expect(problems[1]).toMatch(/^services\[api\]\.slos\[b\]\.sli\.ratio\.errors: invalid PromQL .* does not compile in RE2/);
  });

  it('a shape error and semantic problems of other services come at once: a duplicate SLO name and a bad tier', () => {
    const problems = problemsOf({
      services: [
        { name: 'api', slos: [{ name: 'a', objective: 99.9, sli: sli(), unknownField: 1 }] },
        { name: 'web', slos: [{ name: 'a', objective: 99.9, sli: sli() }, { name: 'a', objective: 99.9, sli: sli() }] },
      ],
    });
    expect(problems.some((p) => /^services\[api\]\.slos\[a\]\.unknownField: unknown field/.test(p))).toBe(true);
    expect(problems.some((p) => /duplicate SLO name "a"/.test(p))).toBe(true);
  });

  it('says nothing of the meaning of an item the schema refused: no cascade from its malformed fields', () => {
    const problems = problemsOf({ services: [{ name: 'api', slos: [{ name: 'a', objective: 99.9, sli: { ratio: { errors: 42, total: 'x_total' } } }] }] });
    expect(problems).toEqual([expect.stringMatching(/^services\[api\]\.slos\[a\]\.sli\.ratio\.errors: must be/)]);
  });

  it('a shape error outside any list item (the top level) stops there: nothing sound is left to check', () => {
    expect(problemsOf({ services: [{ name: 'api', slos: [{ name: 'a', objective: 99.9, sli: sli('x_total{') }] }], extra: true })).toEqual([expect.stringMatching(/^extra: unknown field/)]);
  });
});

describe('alert names', () => {
  const named = (name: string): SloforgeConfig => ({ services: [{ name: 'api', slos: [{ name: 'a', objective: 99.9, sli: sli(), alerting: { name } }] }] });
  it.each(['High-Error-Rate', 'api.errors', 'Fehlerquote_é', '_Internal'])('%s, which promtool, vmalert and Alertmanager accept, is accepted', (name) => {
    expect(problemsOf(named(name))).toEqual([]);
    expect(validateConfig(named(name), 'x').services[0]!.slos[0]!.alerting!.alertName).toBe(name);
  });
  it.each(['9Lives', 'With Space', 'a{b}', '-dash'])('%s is refused, naming the path and what is expected', (name) => {
    expect(problemsOf(named(name))).toEqual([expect.stringMatching(/^services\[api\]\.slos\[a\]\.alerting\.name: must be an alert name: letters, digits, "_", "-" and "\."/)]);
  });
});

describe('durations in their canonical spelling', () => {
  const slo = (tiers: SloConfig['alerting']): SloforgeConfig => ({ services: [{ name: 'api', slos: [{ name: 'a', objective: 99.9, period: '720h', sli: sli(), alerting: tiers }] }] });
  it('60m and 1h, 1440m and 1d are one window each, recorded once under 1h, 1d and 30d', () => {
    const model = validateConfig(
      slo({ tiers: { fastPage: { longWindow: '60m', shortWindow: '300s' }, slowPage: { longWindow: '6h', shortWindow: '1h' }, fastTicket: { longWindow: '1440m', shortWindow: '120m' }, slowTicket: { longWindow: '3d', shortWindow: '1d' } } }),
      'x',
    );
    const windows = recordedWindows(model.services[0]!.slos[0]!).map((w) => w.text);
    expect(windows).toEqual(['5m', '1h', '2h', '6h', '1d', '3d', '30d']);
    const rules = [...render(model)].find((f) => f.path === 'prometheus/rules/api.yml')!.content;
    expect(rules).not.toMatch(/ratio_rate(60m|1440m|720h|300s|120m)\b/);
    expect(rules.match(/record: slo:sli_error:ratio_rate1h$/gm)).toHaveLength(1);
  });
  it('two tiers whose windows differ only in spelling are the same tier, and refused as such', () => {
    expect(problemsOf(slo({ tiers: { fastPage: { longWindow: '60m', shortWindow: '5m' }, slowPage: { longWindow: '1h', shortWindow: '300s' } } }))).toEqual([
      expect.stringMatching(/tiers\.slowPage: has the same windows \(1h\/5m\) as tier "fastPage"/),
    ]);
  });
  it('a window written as in the design (5m, 1h, 3d, 30d, 28d, 7d) keeps its spelling', () => {
    const model = validateConfig({ services: [{ name: 'api', slos: [{ name: 'a', objective: 99.9, period: '28d', sli: sli() }] }] }, 'x');
    expect(recordedWindows(model.services[0]!.slos[0]!).map((w) => w.text)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '28d']);
  });
});

describe('groupBy labels the generated tests need a value for', () => {
  const grouped = (matcher: string): SloforgeConfig => ({
    services: [{ name: 'api', slos: [{ name: 'a', objective: 99.9, sli: { ratio: { errors: `x_total{${matcher},code="500"}`, total: `x_total{${matcher}}`, groupBy: ['handler'] } } }] }],
  });
  it.each(['handler=~"/api.*"', 'handler=~"a|b"', 'handler!="/health"', 'handler!~"/health|/metrics"', 'handler=~"[a-z]+"'])('%s is accepted: a value it matches is found', (matcher) => {
    expect(problemsOf(grouped(matcher))).toEqual([]);
  });
  it('a regex sloforge finds no value for is refused at the groupBy, naming the matcher', () => {
    expect(problemsOf(grouped('handler=~"[0-9]{3}x"'))).toEqual([
      expect.stringMatching(/^services\[api\]\.slos\[a\]\.sli\.ratio\.groupBy: groups by "handler", and sloforge finds no value that handler=~"\[0-9\]\{3\}x" accepts/),
    ]);
  });
});
