import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { promtool, testRules } from '../support/promtool.ts';
import { ensureTools } from '../support/tools.ts';
import { burnAlerts, FIXTURES, importAndGenerate, recorded } from './imported-rules.ts';

ensureTools(['promtool']);

const file = join(FIXTURES, 'pyrra/slos.yaml');

/** Pyrra's Windows() for a 28d and a 2w SLO, as Pyrra documents them: long/short, factor, for, severity. */
const PYRRA_28D = ['1h/5m 14 2m critical', '6h/30m 7 15m critical', '1d/2h 2 1h warning', '4d/6h 1 3h warning'];
// 2w halves every window; Pyrra rounds to the minute (2.5m → 3m, 7.5m → 8m), and so do the tiers.
const PYRRA_2W = ['30m/3m 14 1m critical', '3h/15m 7 8m critical', '12h/1h 2 30m warning', '2d/3h 1 1h30m warning'];
// 7d quarters them: 1m15s → 1m, 30s → 1m, 7.5m → 8m, 3.75m → 4m.
const PYRRA_7D = ['15m/1m 14 1m critical', '1h30m/8m 7 4m critical', '6h/30m 2 15m warning', '1d/1h30m 1 45m warning'];

describe('importing Pyrra ServiceLevelObjectives', () => {
  it("keeps each SLO's target, window, Pyrra's scaled windows and factors, selectors and grouping, and passes promtool", async () => {
    const { result, ruleFiles, rules } = await importAndGenerate([file]);
    expect(result.imported).toBe(6);
    expect(result.dropped).toBe(0);
    const windows = (slo: string) => burnAlerts(rules).filter((a) => a.slo === slo).map((a) => `${a.long}/${a.short} ${a.factor} ${a.for} ${a.labels.severity}`).sort();
    expect(windows('caddy-response-latency')).toEqual([...PYRRA_28D].sort());
    expect(windows('pyrra-connect-errors')).toEqual([...PYRRA_28D].sort());
    expect(windows('prometheus-http-errors')).toEqual([...PYRRA_2W].sort());
    expect(windows('lastfm-errors')).toEqual([...PYRRA_7D].sort());
    expect(burnAlerts(rules).find((a) => a.slo === 'caddy-response-latency')!.alert).toBe('CaddyLatencyBudgetBurn');

    expect(recorded(rules, 'slo:objective:ratio', 'prometheus-http-errors')).toEqual(['vector(0.99)']);
    expect(recorded(rules, 'slo:time_period:days', 'prometheus-http-errors')).toEqual(['vector(14)']);
    expect(recorded(rules, 'slo:sli_total:increase1m', 'prometheus-http-errors')).toEqual(['sum(60 * irate(prometheus_http_requests_total{job="prometheus-k8s",handler=~"/api.*"}[2m:1m]))']);
    // Only pyrra.dev/ labels reach the rules, prefix stripped.
    expect(rules.find((r) => r.labels?.slo === 'prometheus-http-errors')!.labels).toMatchObject({ team: 'platform' });
    expect(rules.find((r) => r.labels?.slo === 'prometheus-http-errors')!.labels).not.toHaveProperty('prometheus');
    // grouping [service, method]: both kept, the metric's own service recorded as exported_service beside sloforge's service.
    expect(recorded(rules, 'slo:sli_total:increase1m', 'pyrra-connect-errors')).toEqual([
      'label_replace(sum by (service, method) (60 * irate(connect_server_requests_total{job="pyrra"}[2m:1m])), "exported_service", "$1", "service", "(.*)")',
    ]);
    expect(burnAlerts(rules).filter((a) => a.slo === 'pyrra-connect-errors').every((a) => a.service === 'monitoring')).toBe(true);
    // A selector on the metric's own service label is kept as written.
    expect(recorded(rules, 'slo:sli_total:increase1m', 'lastfm-errors')).toEqual(['sum(60 * irate(nginx_http_requests_total{service="lastfm"}[2m:1m]))']);
    // latency: the histogram at its le; bool_gauge: an uptime gauge; latencyNative: histogram_fraction.
    expect(rules.some((r) => r.labels?.slo === 'caddy-response-latency' && r.expr.includes('caddy_http_request_duration_seconds_bucket') && /le=~?"0(\\)*\.1"/.test(r.expr))).toBe(true);
    expect(rules.some((r) => r.labels?.slo === 'prometheus-probe-success' && r.expr.includes('probe_success{job="blackbox"}'))).toBe(true);
    expect(rules.some((r) => r.labels?.slo === 'api-latency-native' && r.expr.includes('histogram_fraction(0, 0.5, sum (rate(http_request_duration_seconds{job="api"}[5m])))'))).toBe(true);
    // alerting.disabled: no alerts at all; absent: false: no no-data alert.
    expect(rules.filter((r) => r.alert && r.labels?.slo === 'prometheus-probe-success')).toEqual([]);
    expect(rules.filter((r) => r.alert === 'SLONoData' && r.labels?.slo === 'caddy-response-latency')).toEqual([]);
    expect(rules.filter((r) => r.alert === 'SLONoData' && r.labels?.slo === 'pyrra-connect-errors')).toHaveLength(1);

    const check = await promtool(['check', 'rules', ...ruleFiles]);
    expect(check.code, check.output).toBe(0);
  });

  it('reports, with file and path, only the native histogram: the service grouping and the 1m and 3m short windows come across', async () => {
    const { result } = await importAndGenerate([file]);
    expect(result.losses.map((l) => `${l.path}: ${l.message}`)).toEqual([expect.stringMatching(/^\[document 4\] spec\.indicator\.latencyNative: sloforge records no native histograms/)]);
    expect(result.losses.every((l) => l.file === file && !l.dropsSlo)).toBe(true);
  });

  // The 2w and 4w SLOs' tests (3m short window, service grouping) take some ten minutes of promtool on one core: test/promtool covers those shapes.
  it("the generated tests of the 7d SLO, Pyrra's four tiers with their 1m short window, pass in promtool", async () => {
    const { dir } = await importAndGenerate([file]);
    const run = await testRules(join(dir, 'prometheus/tests/nginx.test.yml'));
    expect(run.output).toContain('SUCCESS');
    expect(run.code, run.output).toBe(0);
  }, 600_000);
});
