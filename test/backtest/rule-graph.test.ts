/**
 * The replay's chain is read from the expressions, not from rule names: any rule set of
 * recordings over recordings in groups of any interval is levelled, trimmed to what the
 * alerts need, and given the warm-up its longest chain asks for.
 */
import { describe, expect, it } from 'vitest';
import type { RuleGroup } from '../../src/compile/prometheus/rule.ts';
import { name, readExpression, ruleChain } from '../../src/backtest/rule-graph.ts';

/** Made-up names throughout: a per-minute base series, hourly tiles in a slower group, a parity twin, an unused period rule. */
const GROUPS: RuleGroup[] = [
  {
    name: 'base',
    rules: [
      { record: 'x:errors:rate1m', expr: 'sum(rate(req_total{code="500"}[1m]))', labels: { service: 's', slo: 'a' } },
      { record: 'x:total:rate1m', expr: 'sum(rate(req_total[1m]))', labels: { service: 's', slo: 'a' } },
      { record: 'x:ratio:1h', expr: 'sum_over_time(x:errors:rate1m{slo="a"}[1h]) / sum_over_time(x:total:rate1m{slo="a"}[1h])', labels: { service: 's', slo: 'a' } },
    ],
  },
  {
    name: 'tiles',
    interval: '1h',
    rules: [
      { record: 'x:errors:tile1h', expr: 'sum_over_time(x:errors:rate1m{slo="a"}[1h:1m])', labels: { service: 's', slo: 'a' } },
      { record: 'x:ratio:3d', expr: 'sum_over_time(x:errors:tile1h[3d:1h]) / sum_over_time(x:errors:tile1h[3d:1h])', labels: { service: 's', slo: 'a' } },
      { record: 'x:ratio:30d', expr: 'sum_over_time(x:errors:tile1h[30d:1h])', labels: { service: 's', slo: 'a' } },
    ],
  },
  {
    name: 'alerts',
    rules: [
      { alert: 'Fast', expr: 'x:ratio:1h > 0.1', for: '2m', labels: { severity: 'critical' }, annotations: {} },
      { alert: 'Slow', expr: 'x:ratio:3d > 0.01 and x:ratio:1h > 0.01', for: '3h', labels: { severity: 'warning' }, annotations: {} },
      { alert: 'Missing', expr: 'absent(req_total)', for: '5m', labels: { severity: 'warning' }, annotations: {} },
    ],
  },
];

describe('ruleChain', () => {
  const chain = ruleChain(GROUPS, 60);
  const levels = chain.recordingLevels.map((level) => level.map((r) => name(r.rule)));

  it('levels the recordings by what they read: raw first, then each level on the one below', () => {
    expect(levels).toEqual([['x:errors:rate1m', 'x:total:rate1m'], ['x:ratio:1h', 'x:errors:tile1h'], ['x:ratio:3d']]);
  });

  it('leaves out recordings no alert depends on', () => {
    expect(levels.flat()).not.toContain('x:ratio:30d');
  });

  it('keeps each group\'s interval and tells range reads from subqueries', () => {
    const tile = chain.recordingLevels[1]!.find((r) => name(r.rule) === 'x:errors:tile1h')!;
    expect(tile.interval).toBe(3600);
    const ratio = chain.recordingLevels[1]!.find((r) => name(r.rule) === 'x:ratio:1h')!;
    expect([...ratio.rangeReads].sort()).toEqual(['x:errors:rate1m', 'x:total:rate1m']);
    expect([...tile.rangeReads]).toEqual([]);
  });

  it('warms up by the longest chain below an alert plus its `for` and one evaluation', () => {
    // Slow: 3d (+1h step) over tiles of 1h (+1m) over 1m rates, then 3h of `for`, then 1m.
    expect(chain.warmUp).toBe(3 * 86400 + 3600 + 3600 + 60 + 60 + 3 * 3600 + 60);
  });

  it('an alert on raw series reads the server; one on recordings, the replay', () => {
    expect(chain.alerts.map((a) => [name(a.rule), a.readsRecorded.size > 0, a.readsRaw])).toEqual([
      ['Fast', true, false],
      ['Slow', true, false],
      ['Missing', false, true],
    ]);
  });

  it('refuses a chain that depends on itself, naming the rule', () => {
    const loop: RuleGroup[] = [{ name: 'g', rules: [{ record: 'a', expr: 'b' }, { record: 'b', expr: 'a' }, { alert: 'A', expr: 'a > 1', labels: {}, annotations: {} }] }];
    expect(() => ruleChain(loop, 60)).toThrow(/a in group g depends on itself|b in group g depends on itself/);
  });
});

describe('what an expression reads', () => {
  it('tells series read over time (a range, or anything inside a subquery) from those read at an instant, whatever the selector is written as', () => {
    const read = readExpression(
      'sum by (route) (irate(a_total{job="x"}[2m:1m])) / on (route) group_left b:recorded{slo="s"} + sum_over_time(c[5m]) - max_over_time((d > 0)[1h:5m]) or e or {__name__="f"}',
    );
    expect([...read.names].sort()).toEqual(['a_total', 'b:recorded', 'c', 'd', 'e', 'f']);
    expect([...read.overTimeNames].sort()).toEqual(['a_total', 'c', 'd']);
    expect([...read.rangeNames]).toEqual(['c']);
  });
});
