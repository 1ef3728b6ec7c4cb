/**
 * Recording rules of one SLO. Raw series are read once a minute, into the events of the
 * minute up to each evaluation (errors and all); consecutive samples tile time, so every
 * window is an exact sum of them: errors over the window divided by events over the
 * window, fresh to the minute, and idle stretches add nothing. Windows from a day on add
 * hourly tiles to the minutes at their two ends (see windowPlan).
 */
import type { Slo, Window } from '../../model/slo.ts';
import { LABEL, METRIC } from '../../model/conventions.ts';
import { formatNumber } from '../../model/number.ts';
import { formatDuration } from '../../model/duration.ts';
import { BASE_WINDOW_SECONDS, HOUR_SECONDS, recordedWindows, windowPlan } from '../../model/windows.ts';
import { hourParitySign, minutesRange, sloMatchers } from './promql.ts';
import { sliIncreases } from './sli.ts';
import type { RecordingRule } from './rule.ts';

/** The series one counter of the SLI (its errors or all its events) is recorded as. */
interface Counter {
  readonly increase1m: string;
  readonly hourParity: string;
  readonly sinceLastHour: string;
  readonly lastHour: string;
  readonly rate5m: string;
}
const ERRORS: Counter = { increase1m: METRIC.errorsIncrease1m, hourParity: METRIC.errorsIncrease1mHourParity, sinceLastHour: METRIC.errorsIncreaseSinceLastHour, lastHour: METRIC.errorsIncreaseLastHour, rate5m: METRIC.errorsRate5m };
const TOTAL: Counter = { increase1m: METRIC.totalIncrease1m, hourParity: METRIC.totalIncrease1mHourParity, sinceLastHour: METRIC.totalIncreaseSinceLastHour, lastHour: METRIC.totalIncreaseLastHour, rate5m: METRIC.totalRate5m };

/**
 * Rules of the minute group, in dependency order (each reads those before it at the same
 * evaluation time): the per-minute increases, the 5m rates, the events since the last
 * whole hour began (the newest end of every day-long window, summed once), every window.
 */
export function minuteRules(slo: Slo): RecordingRule[] {
  const increases = sliIncreases(slo);
  const select = sloMatchers(slo);
  const labels = seriesLabels(slo);
  const perCounter = (make: (counter: Counter) => RecordingRule) => [make(ERRORS), make(TOTAL)];
  return [
    // Total first: the errors rule of a ratio SLI compares against it.
    { record: TOTAL.increase1m, expr: increases.total, labels },
    { record: ERRORS.increase1m, expr: increases.errors, labels },
    // This evaluation's sample only: an instant read would carry the last one on through a gap, a twin without its increase.
    ...perCounter((c) => ({ record: c.hourParity, expr: `last_over_time(${c.increase1m}${select}${minutesRange(1)}) * ${hourParitySign()}`, labels })),
    ...perCounter((c) => ({ record: c.rate5m, expr: `sum_over_time(${c.increase1m}${select}${minutesRange(BASE_WINDOW_SECONDS / 60)}) / ${BASE_WINDOW_SECONDS}`, labels })),
    ...(recordedWindows(slo).some((w) => windowPlan(w).kind === 'hours') ? perCounter((c) => ({ record: c.sinceLastHour, expr: sinceLastHour(c, select), labels })) : []),
    ...recordedWindows(slo).map((w) => windowRule(slo, w)),
  ];
}

/**
 * Rules of the slower hourly-tile group: the events of the last whole clock hour, which
 * the day-long windows and the period read once per hour. Summed from the minute group's
 * increases over the last 2h, whose samples fall in three clock hours: the parity of
 * each sample's hour keeps only the middle one, whatever the two groups' offsets.
 */
export function hourlyTileRules(slo: Slo): RecordingRule[] {
  const select = sloMatchers(slo);
  const labels = seriesLabels(slo);
  return [ERRORS, TOTAL].map((c) => ({ record: c.lastHour, expr: hourOfParity(c, select, '[2h]', '', hourParitySign(true)), labels }));
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

/** `(1 - 0.999)`: the budget kept symbolic, so the file shows the objective as written. */
export function budgetExpression(slo: Slo): string {
  return `1 - ${formatNumber(slo.objective)}`;
}

function windowRule(slo: Slo, window: Window): RecordingRule {
  const select = sloMatchers(slo);
  const labels = seriesLabels(slo);
  if (window.seconds === BASE_WINDOW_SECONDS && window.text === '5m') {
    return { record: METRIC.errorRatio('5m'), expr: ratio(`${ERRORS.rate5m}${select}`, `${TOTAL.rate5m}${select}`), labels };
  }
  return { record: METRIC.errorRatio(window.text), expr: ratio(windowSum(ERRORS, select, window), windowSum(TOTAL, select, window)), labels };
}

/**
 * A counter's events over the window ending at the evaluation, in the pieces windowPlan
 * lays out. The newest end is recorded once per SLO; the older pieces have no sample
 * while the SLO's history is shorter than the window, and count nothing then. With no
 * data for an hour the newest end is gone, and so is the window, as the alerts' and
 * budget's other inputs are.
 */
function windowSum(counter: Counter, select: string, window: Window): string {
  const plan = windowPlan(window);
  if (plan.kind === 'minutes') return `sum_over_time(${counter.increase1m}${select}${minutesRange(plan.minutes)})`;
  const newest = `${counter.sinceLastHour}${select}`;
  const older = [
    ...(plan.tiles > 0 ? [hourlyTileSum(`${counter.lastHour}${select}`, formatDuration(plan.tiles * HOUR_SECONDS - 0.001))] : []),
    hourOfParity(counter, select, minutesRange(HOUR_SECONDS / 60), ` offset ${plan.hours - 1}h`, hourParitySign(plan.oldestHourParityFlipped)),
    ...(plan.extraMinutes > 0 ? [`sum_over_time(${counter.increase1m}${select}${minutesRange(plan.extraMinutes)} offset ${plan.hours}h)`] : []),
  ];
  return `(\n  ${[newest, ...older.map((piece) => `(${piece} or 0 * ${newest})`)].join('\n  + ')}\n)`;
}

/**
 * The hourly tiles (`increase_last_hour`, read at each whole hour in `range`): each step
 * reads the tile recorded in the hour before it, which holds the hour before that.
 */
export function hourlyTileSum(tiles: string, range: string): string {
  return `sum_over_time(last_over_time(${tiles}[1h] offset 1ms)[${range}:1h])`;
}

/** The last whole clock hour from the minutes of the last two hours, and this hour so far from those of the last one. */
function sinceLastHour(counter: Counter, select: string): string {
  const lastHour = hourOfParity(counter, select, minutesRange((2 * HOUR_SECONDS) / 60), '', hourParitySign(true));
  const thisHour = hourOfParity(counter, select, minutesRange(HOUR_SECONDS / 60), '', hourParitySign());
  return `${lastHour}\n+ ${thisHour}`;
}

/**
 * The increases in `range` (shifted by `offset`) taken in clock hours of one parity,
 * that of `sign`: the plain sum and the parity-signed sum add up to twice theirs.
 */
function hourOfParity(counter: Counter, select: string, range: string, offset: string, sign: string): string {
  return `(sum_over_time(${counter.increase1m}${select}${range}${offset}) + ${sign} * sum_over_time(${counter.hourParity}${select}${range}${offset})) / 2`;
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
