/**
 * promtool tests of the freshness alerts: a timestamp that stopped moving stays silent
 * while it is `maxAge` old and fires once it is older (after `for`); one that keeps up
 * never fires; a gauge that is not exported at all fires too. A bound of an hour or more
 * is proven to 5m, in the file evaluated every 5m, where its (often long) `for` takes a
 * fifth of the steps.
 */
import type { LabelMatcher, Service, Selector, ThresholdAlert, Window } from '../../model/slo.ts';
import { acceptedValue } from '../../model/label-match.ts';
import { formatNumber } from '../../model/number.ts';
import { compareCodePoints } from '../../model/order.ts';
import { labelSet, quote } from './promql.ts';
import { thresholdAlertLabels } from './thresholds.ts';
import type { ExprTest, TestGroup } from './unit-tests.ts';

/** Minutes between the evaluations of the file where a wait of `seconds` is tested (a freshness alert's maxAge, a no-data alert's): an hour or more in the 5m file. */
export function waitStep(seconds: number): 1 | 5 {
  return seconds >= 3600 ? 5 : 1;
}

/** The freshness tests of the service that belong in the file evaluated every `step` minutes. */
export function freshnessTests(service: Service, step: number): TestGroup[] {
  return service.alerts.flatMap((alert) =>
    alert.condition.kind === 'freshness' && waitStep(alert.condition.maxAge.seconds) === step ? alertTests(service, alert, alert.condition.timestamp, alert.condition.maxAge, step) : [],
  );
}

function alertTests(service: Service, alert: ThresholdAlert, timestamp: Selector, maxAge: Window, step: number): TestGroup[] {
  const ruleLabels = thresholdAlertLabels(service, alert);
  const onStep = (minutes: number) => Math.ceil(minutes / step) * step;
  const forMinutes = onStep((alert.for?.seconds ?? 0) / 60);
  // The stopped timestamp is exactly maxAge old at the first evaluation after 0 and older
  // from the next, where `for` starts: the bound is proven to a step without waiting for it.
  const lastFresh = step;
  const stopped = lastFresh * 60 - maxAge.seconds;
  const stale = lastFresh + step;
  const firesBy = stale + forMinutes;
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
    promql_expr_test: [firing(forMinutes, absentLabels)],
  };
  const labels = exportedLabels(timestamp);
  if (!labels) return [absent];
  const series = labelSet({ __name__: timestamp.metric, ...labels });
  return [
    {
      name: `${service.name}/${alert.name}: a timestamp that stopped ${maxAge.text} before ${lastFresh}m is silent then and fires by ${firesBy}m`,
      interval: '1m',
      input_series: [{ series, values: `${formatNumber(stopped)}+0x${firesBy + 1}` }],
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
