/**
 * promtool tests of the freshness alerts: a timestamp that stops moving stays silent up
 * to `maxAge` and fires once it is older (after `for`); one that keeps up never fires;
 * a gauge that is not exported at all fires too.
 */
import type { LabelMatcher, Service, Selector, ThresholdAlert } from '../../model/slo.ts';
import { acceptedValue } from '../../model/label-match.ts';
import { compareCodePoints } from '../../model/order.ts';
import { labelSet, quote } from './promql.ts';
import { thresholdAlertLabels } from './thresholds.ts';
import type { ExprTest, TestGroup } from './unit-tests.ts';

export function freshnessTests(service: Service): TestGroup[] {
  return service.alerts.flatMap((alert) => (alert.condition.kind === 'freshness' ? alertTests(service, alert, alert.condition.timestamp, alert.condition.maxAge.seconds) : []));
}

function alertTests(service: Service, alert: ThresholdAlert, timestamp: Selector, maxAgeSeconds: number): TestGroup[] {
  const ruleLabels = thresholdAlertLabels(service, alert);
  const forMinutes = Math.ceil((alert.for?.seconds ?? 0) / 60);
  // The last whole minute at which the age is not yet over maxAge; one minute later it is, and `for` starts.
  const lastFresh = Math.floor(maxAgeSeconds / 60);
  const firesBy = lastFresh + 1 + forMinutes + 1;
  const firing = (at: number, seriesLabels: Readonly<Record<string, string>> | undefined): ExprTest => ({
    expr: `ALERTS{alertname=${quote(alert.name)},alertstate="firing"}`,
    eval_time: `${at}m`,
    exp_samples: seriesLabels ? [{ labels: labelSet({ __name__: 'ALERTS', alertname: alert.name, alertstate: 'firing', ...seriesLabels, ...ruleLabels }), value: 1 }] : [],
  });
  const absentLabels = Object.fromEntries(timestamp.matchers.filter((m) => m.op === '=' && m.value !== '').map((m) => [m.name, m.value]));
  const absent: TestGroup = {
    name: `${service.name}/${alert.name}: fires ${forMinutes}m after ${timestamp.metric} is missing`,
    interval: '1m',
    input_series: [],
    promql_expr_test: [firing(forMinutes + 1, absentLabels)],
  };
  const labels = exportedLabels(timestamp);
  if (!labels) return [absent];
  const series = labelSet({ __name__: timestamp.metric, ...labels });
  return [
    {
      name: `${service.name}/${alert.name}: a timestamp that stops at 0 is silent at ${lastFresh}m and fires by ${firesBy}m`,
      interval: '1m',
      input_series: [{ series, values: `0+0x${firesBy + 1}` }],
      promql_expr_test: [firing(lastFresh, undefined), firing(firesBy, labels)],
    },
    {
      name: `${service.name}/${alert.name}: a timestamp that keeps up with the clock never fires`,
      interval: '1m',
      input_series: [{ series, values: `0+60x${firesBy + 1}` }],
      promql_expr_test: [firing(firesBy, undefined)],
    },
    absent,
  ];
}

/** Labels of a series the selector selects, or undefined where no value satisfies its matchers. */
function exportedLabels(selector: Selector): Record<string, string> | undefined {
  const byName = new Map<string, LabelMatcher[]>();
  for (const m of selector.matchers) byName.set(m.name, [...(byName.get(m.name) ?? []), m]);
  const labels: Record<string, string> = {};
  for (const [name, matchers] of [...byName].sort(([a], [b]) => compareCodePoints(a, b))) {
    const value = acceptedValue(matchers);
    if (value === undefined) return undefined;
    if (value !== '') labels[name] = value;
  }
  return labels;
}
