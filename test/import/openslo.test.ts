import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { promtool } from '../support/promtool.ts';
import { ensureTools } from '../support/tools.ts';
import { burnAlerts, FIXTURES, importAndGenerate, recorded } from './imported-rules.ts';

ensureTools(['promtool']);

const file = join(FIXTURES, 'openslo/slo.yaml');

describe('importing OpenSLO v1 documents', () => {
  it('resolves the SLI, AlertPolicy and AlertCondition references; each burnrate condition becomes a tier with its factor, window and alertAfter', async () => {
    const { result, ruleFiles, rules } = await importAndGenerate([file]);
    expect(result.imported).toBe(2);
    const alerts = burnAlerts(rules).filter((a) => a.slo === 'checkout-availability');
    expect(alerts.map((a) => `${a.long}/${a.short} ${a.factor} ${a.for} ${a.labels.severity}`).sort()).toEqual(['1h/5m 14.4 2m critical', '30m/3m 28.8 1m critical', '3d/6h 1 1h warning']);
    expect(recorded(rules, 'slo:objective:ratio', 'checkout-availability')).toEqual(['vector(0.999)']);
    expect(recorded(rules, 'slo:sli_total:increase1m', 'checkout-availability')).toEqual(['sum(60 * irate(http_requests_total{job="checkout"}[2m:1m]))']);
    // alertWhenNoData: true keeps the no-data alert.
    expect(rules.filter((r) => r.alert === 'SLONoData' && r.labels?.slo === 'checkout-availability')).toHaveLength(1);
    // thresholdMetric op lte 0.8: bad while above 0.8.
    expect(rules.some((r) => r.labels?.slo === 'checkout-cpu' && r.expr.includes('max(rate(process_cpu_seconds_total{job="checkout"}[5m]))) > bool 0.8)[5m:1m]'))).toBe(true);
    const check = await promtool(['check', 'rules', ...ruleFiles]);
    expect(check.code, check.output).toBe(0);
  });

  it('leaves an SLO on a Datadog source behind, reported once with its file and path, beside its service in the output', async () => {
    const { result } = await importAndGenerate([file]);
    expect(result.dropped).toBe(1);
    expect(result.losses.filter((l) => l.dropsSlo)).toEqual([{ file, path: '[document 6] spec.indicator.spec.ratioMetric.good.metricSource.type', message: 'metric source "Datadog" is not Prometheus; sloforge reads Prometheus only', dropsSlo: true }]);
    expect(result.losses.map((l) => l.path)).toContain('[document 4] spec.alertPolicies[0].notificationTargets');
    expect(result.text).toMatch(/^ {2}# sloforge import: metric source "Datadog" is not Prometheus/m);
  });
});
