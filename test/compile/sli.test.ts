import { describe, expect, it } from 'vitest';
import { leMatcher, sliRates } from '../../src/compile/prometheus/sli.ts';
import { parseSelector } from '../../src/config/promql.ts';
import type { Selector } from '../../src/model/slo.ts';

const selector = (text: string): Selector => {
  const parsed = parseSelector(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};

describe('each SLI kind becomes a 5m error rate and a 5m event rate', () => {
  it('a ratio of errors sums the error counter, and counts no errors where only total exists', () => {
    const rates = sliRates({ service: 'api', name: 'slo', sli: { kind: 'ratio', events: 'errors', selector: selector('http_requests_total{job="api",code=~"5.."}'), total: selector('http_requests_total{job="api"}') }, groupBy: ['route'] });
    expect(rates.total).toBe('sum by (route) (rate(http_requests_total{job="api"}[5m]))');
    expect(rates.errors).toBe('sum by (route) (rate(http_requests_total{job="api",code=~"5.."}[5m])) or 0 * sum by (route) (rate(http_requests_total{job="api"}[5m]))');
  });

  it('a ratio whose errors may count what total does not counts none where errors exceed twice the recorded total', () => {
    const rates = sliRates({ service: 'api', name: 'slo', sli: { kind: 'ratio', events: 'errors', selector: selector('rpc_errors_total{job="api"}'), total: selector('rpc_total{job="api"}') }, groupBy: ['route'] });
    expect(rates.errors).toBe(
      '(sum by (route) (rate(rpc_errors_total{job="api"}[5m])) <= on (route) 2 * slo:sli_total:rate5m{service="api",slo="slo"}) or 0 * sum by (route) (rate(rpc_total{job="api"}[5m]))',
    );
  });

  it('a ratio of good events takes errors as total minus good, never below zero', () => {
    const rates = sliRates({ service: 'api', name: 'slo', sli: { kind: 'ratio', events: 'good', selector: selector('q_total{status="success"}'), total: selector('q_total') }, groupBy: [] });
    expect(rates.errors).toBe('clamp_min(sum(rate(q_total[5m])) - (sum(rate(q_total{status="success"}[5m])) or 0 * sum(rate(q_total[5m]))), 0)');
  });

  it('a latency SLI counts the bucket at the threshold as good and the histogram count as total, per series, so a series without that bucket counts no errors', () => {
    const rates = sliRates({ service: 'api', name: 'slo', sli: { kind: 'latency', histogram: selector('http_request_duration_seconds{job="api"}'), thresholdSeconds: 0.1 }, groupBy: [] });
    expect(rates.total).toBe('sum(rate(http_request_duration_seconds_count{job="api"}[5m]))');
    expect(rates.errors).toBe(
      'clamp_min(sum(rate(http_request_duration_seconds_count{job="api"}[5m]) - sum without (le) (rate(http_request_duration_seconds_bucket{job="api",le=~"0\\\\.1"}[5m]))), 0) or 0 * sum(rate(http_request_duration_seconds_count{job="api"}[5m]))',
    );
  });

  it('an uptime SLI counts down time per instance as errors, instances as events, and no down time for a series outside 0..1', () => {
    const rates = sliRates({ service: 'api', name: 'slo', sli: { kind: 'uptime', gauge: selector('up{job="api"}') }, groupBy: [] });
    expect(rates.errors).toBe('sum(1 - (avg_over_time(up{job="api"}[5m]) >= 0 <= 1))');
    expect(rates.total).toBe('count(avg_over_time(up{job="api"}[5m]))');
  });

  it('a raw SLI evaluates the expression at 5m and counts the NaN of an idle 0/0, and a ratio below 0 or above 2, as no error', () => {
    const rates = sliRates({ service: 'api', name: 'slo', sli: { kind: 'raw', errorRatio: 'sum(rate(e[$window])) / sum(rate(t[$window]))' }, groupBy: [] });
    expect(rates.errors).toBe('sum((sum(rate(e[5m])) / sum(rate(t[5m]))) >= 0 <= 2) or 0 * count((sum(rate(e[5m])) / sum(rate(t[5m]))))');
    expect(rates.total).toBe('count((sum(rate(e[5m])) / sum(rate(t[5m]))))');
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
