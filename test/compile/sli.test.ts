import { describe, expect, it } from 'vitest';
import { leMatcher, sliIncreases } from '../../src/compile/prometheus/sli.ts';
import { parseSelector } from '../../src/config/promql.ts';
import type { Selector } from '../../src/model/slo.ts';

const selector = (text: string): Selector => {
  const parsed = parseSelector(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};

describe('each SLI kind becomes a 5m error rate and a 5m event rate', () => {
  it('a ratio of errors sums the error counter, and counts no errors where only total exists', () => {
    const increases = sliIncreases({ service: 'api', name: 'slo', sli: { kind: 'ratio', events: 'errors', selector: selector('http_requests_total{job="api",code=~"5.."}'), total: selector('http_requests_total{job="api"}') }, groupBy: ['route'] });
    expect(increases.total).toBe('sum by (route) (60 * irate(http_requests_total{job="api"}[2m:1m]))');
    expect(increases.errors).toBe('sum by (route) (60 * irate(http_requests_total{job="api",code=~"5.."}[2m:1m])) or 0 * sum by (route) (60 * irate(http_requests_total{job="api"}[2m:1m]))');
  });

  it('a ratio whose errors may count what total does not counts none where errors exceed twice the recorded total', () => {
    const increases = sliIncreases({ service: 'api', name: 'slo', sli: { kind: 'ratio', events: 'errors', selector: selector('rpc_errors_total{job="api"}'), total: selector('rpc_total{job="api"}') }, groupBy: ['route'] });
    expect(increases.errors).toBe(
      '(sum by (route) (60 * irate(rpc_errors_total{job="api"}[2m:1m])) <= on (route) 2 * slo:sli_total:increase1m{service="api",slo="slo"}) or 0 * sum by (route) (60 * irate(rpc_total{job="api"}[2m:1m]))',
    );
  });

  it('a ratio of good events takes errors as total minus good, never below zero', () => {
    const increases = sliIncreases({ service: 'api', name: 'slo', sli: { kind: 'ratio', events: 'good', selector: selector('q_total{status="success"}'), total: selector('q_total') }, groupBy: [] });
    expect(increases.errors).toBe('clamp_min(sum(60 * irate(q_total[2m:1m])) - (sum(60 * irate(q_total{status="success"}[2m:1m])) or 0 * sum(60 * irate(q_total[2m:1m]))), 0)');
  });

  it('a latency SLI counts the bucket at the threshold as good and the histogram count as total, per series, so a series without that bucket counts no errors', () => {
    const increases = sliIncreases({ service: 'api', name: 'slo', sli: { kind: 'latency', histogram: selector('http_request_duration_seconds{job="api"}'), thresholdSeconds: 0.1 }, groupBy: [] });
    expect(increases.total).toBe('sum(60 * irate(http_request_duration_seconds_count{job="api"}[2m:1m]))');
    expect(increases.errors).toBe(
      'clamp_min(sum(60 * irate(http_request_duration_seconds_count{job="api"}[2m:1m]) - sum without (le) (60 * irate(http_request_duration_seconds_bucket{job="api",le=~"0\\\\.1"}[2m:1m]))), 0) or 0 * sum(60 * irate(http_request_duration_seconds_count{job="api"}[2m:1m]))',
    );
  });

  it('an uptime SLI counts the down seconds of each instance in the minute as errors, its seconds as events, and no down time for a series outside 0..1', () => {
    const increases = sliIncreases({ service: 'api', name: 'slo', sli: { kind: 'uptime', gauge: selector('up{job="api"}') }, groupBy: [] });
    expect(increases.errors).toBe('sum(60 * (1 - (avg_over_time(up{job="api"}[59s999ms]) >= 0 <= 1)))');
    expect(increases.total).toBe('60 * count(avg_over_time(up{job="api"}[59s999ms]))');
  });

  it('a raw SLI evaluates the expression at 5m, one event per series and second, and counts the NaN of an idle 0/0, and a ratio below 0 or above 2, as no error', () => {
    const increases = sliIncreases({ service: 'api', name: 'slo', sli: { kind: 'raw', errorRatio: 'sum(rate(e[$window])) / sum(rate(t[$window]))' }, groupBy: [] });
    expect(increases.errors).toBe('sum(60 * ((sum(rate(e[5m])) / sum(rate(t[5m]))) >= 0 <= 2)) or 0 * 60 * count((sum(rate(e[5m])) / sum(rate(t[5m]))))');
    expect(increases.total).toBe('60 * count((sum(rate(e[5m])) / sum(rate(t[5m]))))');
  });
});

describe('the latency le matcher matches Prometheus 2 and 3 spellings of the bucket', () => {
  const matches = (seconds: number, le: string) => new RegExp(`^(?:${leMatcher(seconds).value})$`).test(le);
  it.each([
    [0.1, ['0.1'], ['0.10', '0x1']],
    [1, ['1', '1.0'], ['10', '1.5']],
    [2.5, ['2.5'], ['2.50']],
    [1000000, ['1000000', '1e+06', '1000000.0'], ['1e6']],
    [0.00001, ['0.00001', '1e-05'], []],
  ])('%d matches %j and not %j', (seconds, yes, no) => {
    for (const le of yes) expect(matches(seconds, le), le).toBe(true);
    for (const le of no) expect(matches(seconds, le), le).toBe(false);
  });
});
