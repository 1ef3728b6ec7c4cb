/**
 * Recording rules of one SLO. Raw series are read once, by the 5m rates; every other
 * window sums those recorded rates, so the SLI is event-weighted (errors over the
 * window divided by events over the window) and idle stretches add nothing.
 */
import type { Slo, Window } from '../../model/slo.ts';
import { LABEL, METRIC } from '../../model/conventions.ts';
import { formatNumber } from '../../model/number.ts';
import { BASE_WINDOW_SECONDS, LONG_WINDOW_SECONDS, recordedWindows } from '../../model/windows.ts';
import { recordedRange, sloMatchers } from './promql.ts';
import { sliRates } from './sli.ts';
import type { RecordingRule } from './rule.ts';

/** Rules evaluated at the global interval: the 5m rates and the windows shorter than a day. */
export function shortWindowRules(slo: Slo): RecordingRule[] {
  const rates = sliRates(slo);
  const labels = seriesLabels(slo);
  return [
    // Total first: the errors rule of a ratio SLI compares against it.
    { record: METRIC.totalRate5m, expr: rates.total, labels },
    { record: METRIC.errorsRate5m, expr: rates.errors, labels },
    ...windowsOf(slo).filter((w) => w.seconds < LONG_WINDOW_SECONDS).map((w) => windowRule(slo, w)),
  ];
}

/** Rules the long-window groups evaluate less often: day-long windows, hourly rates and the period SLI. */
export function longWindowRules(slo: Slo): RecordingRule[] {
  const select = sloMatchers(slo);
  const labels = seriesLabels(slo);
  return [
    ...windowsOf(slo).filter((w) => w.seconds >= LONG_WINDOW_SECONDS).map((w) => windowRule(slo, w)),
    { record: METRIC.errorsRate1h, expr: hourlyRate(`${METRIC.errorsRate5m}${select}`), labels },
    { record: METRIC.totalRate1h, expr: hourlyRate(`${METRIC.totalRate5m}${select}`), labels },
    {
      // Contiguous hours: 720 samples for 30d, few enough for promtool's unit tests.
      record: METRIC.errorRatio(slo.period.text),
      expr: ratio(`sum_over_time(${METRIC.errorsRate1h}${select}[${slo.period.text}:1h])`, `sum_over_time(${METRIC.totalRate1h}${select}[${slo.period.text}:1h])`),
      labels,
    },
  ];
}

/** Objective, budget and burn rates: constant or derived series that dashboards and Sloth's own dashboards read. */
export function metadataRules(slo: Slo): RecordingRule[] {
  const select = sloMatchers(slo);
  const labels = seriesLabels(slo);
  const perBudget = (metric: string) => `${metric}${select} / on (${LABEL.service}, ${LABEL.slo}) group_left ${METRIC.errorBudget}${select}`;
  return [
    { record: METRIC.objective, expr: `vector(${formatNumber(slo.objective)})`, labels },
    { record: METRIC.errorBudget, expr: `vector(${budgetExpression(slo)})`, labels },
    { record: METRIC.periodDays, expr: `vector(${formatNumber(slo.period.seconds / 86400)})`, labels },
    { record: METRIC.currentBurnRate, expr: perBudget(METRIC.errorRatio('5m')), labels },
    { record: METRIC.periodBurnRate, expr: perBudget(METRIC.errorRatio(slo.period.text)), labels },
    { record: METRIC.budgetRemaining, expr: `1 - ${METRIC.periodBurnRate}${select}`, labels },
  ];
}

/**
 * The rate over the last hour from twelve contiguous 5m rates. `offset 1ms` keeps the
 * step count at twelve where evaluation falls on a 5m boundary (promtool always does):
 * Prometheus 2 ranges include both ends and would count a boundary window in two hours.
 * A missing step counts as no events.
 */
function hourlyRate(rate5m: string): string {
  return `sum_over_time(${rate5m}[1h:5m] offset 1ms) / 12`;
}

/** `(1 - 0.999)`: the budget kept symbolic, so the file shows the objective as written. */
export function budgetExpression(slo: Slo): string {
  return `1 - ${formatNumber(slo.objective)}`;
}

/** The windows recorded by windowRule: all but the period, which has its own hourly rule. */
function windowsOf(slo: Slo): Window[] {
  return recordedWindows(slo).filter((w) => w.text !== slo.period.text);
}

function windowRule(slo: Slo, window: Window): RecordingRule {
  const select = sloMatchers(slo);
  if (window.seconds === BASE_WINDOW_SECONDS && window.text === '5m') {
    return { record: METRIC.errorRatio('5m'), expr: ratio(`${METRIC.errorsRate5m}${select}`, `${METRIC.totalRate5m}${select}`), labels: seriesLabels(slo) };
  }
  const sum = (metric: string) => `sum_over_time(${metric}${select}${recordedRange(window)})`;
  return { record: METRIC.errorRatio(window.text), expr: ratio(sum(METRIC.errorsRate5m), sum(METRIC.totalRate5m)), labels: seriesLabels(slo) };
}

/** Errors over events; a window without events yields no sample rather than NaN. */
function ratio(errors: string, total: string): string {
  return `${errors} / (${total} > 0)`;
}

/**
 * Labels of every SLO rule. Derived series would inherit them anyway; setting them on
 * each rule keeps promtool's duplicate-rule lint quiet, which compares names and labels.
 */
export function seriesLabels(slo: Slo): Record<string, string> {
  return { [LABEL.service]: slo.service, [LABEL.slo]: slo.name, ...slo.labels };
}
