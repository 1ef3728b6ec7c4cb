/** PromQL text from model values: selectors, label sets, aggregations, quoted strings. */
import type { Labels, LabelMatcher, Selector, Slo, Window } from '../../model/slo.ts';
import { groupLabels, sourceGroupBy } from '../../model/group-labels.ts';
import { LONG_WINDOW_SECONDS, STEP_SECONDS } from '../../model/windows.ts';
import { LABEL } from '../../model/conventions.ts';
import { formatDuration } from '../../model/duration.ts';

/** A PromQL double-quoted string; JSON's escapes are a subset of Go's, which PromQL uses. */
export function quote(value: string): string {
  return JSON.stringify(value);
}

export function renderSelector(selector: Selector, extra: readonly LabelMatcher[] = []): string {
  const matchers = [...selector.matchers, ...extra].map((m) => `${m.name}${m.op}${quote(m.value)}`);
  return `${selector.metric}${matchers.length ? `{${matchers.join(',')}}` : ''}`;
}

/** `{service="x",slo="y"}`: how rules find one SLO's recorded series. */
export function sloMatchers(slo: { service: string; name: string }): string {
  return `{${LABEL.service}=${quote(slo.service)},${LABEL.slo}=${quote(slo.name)}}`;
}

export function labelSet(labels: Labels): string {
  return `{${Object.entries(labels).map(([name, value]) => `${name}=${quote(value)}`).join(',')}}`;
}

/** `sum by (route) (expr)`, or `sum(expr)` with nothing to keep. */
export function aggregate(operator: 'sum' | 'count', groupBy: readonly string[], expression: string): string {
  return groupBy.length ? `${operator} by (${groupBy.join(', ')}) (${expression})` : `${operator}(${expression})`;
}

/**
 * An aggregate of the SLI's own series, its groups' labels as sloforge's series carry
 * them: a metric's own `service` copied to `exported_service` (label_replace), which the
 * rule's `service` label then overwrites. Without such a label, just the aggregate.
 */
export function aggregateSource(operator: 'sum' | 'count', slo: Pick<Slo, 'groupBy' | 'sourceGroupBy'>, expression: string): string {
  return groupLabels(slo)
    .filter((label) => label.source !== label.recorded)
    .reduce((inner, { source, recorded }) => `label_replace(${inner}, ${quote(recorded)}, "$1", ${quote(source)}, "(.*)")`, aggregate(operator, sourceGroupBy(slo), expression));
}

/** A range over the recorded 5m rates: `[1h]`, or from a day on a 5m-step subquery `[3d:5m]`, which bounds the samples read. */
export function recordedRange(window: Window): string {
  return window.seconds >= LONG_WINDOW_SECONDS ? `[${window.text}:5m]` : `[${window.text}]`;
}

/**
 * `[29m30s]`: the last `minutes` samples of a series recorded every minute, read at one
 * of its own evaluations. Half a step short, no end of the range falls on a sample, so
 * Prometheus 2's closed ranges and Prometheus 3's left-open ones hold the same samples.
 */
export function minutesRange(minutes: number): string {
  return `[${formatDuration(minutes * STEP_SECONDS - STEP_SECONDS / 2)}]`;
}

/** +1 in even clock hours (UTC) and −1 in odd ones, at the evaluation time; `flipped`, the sign of the hour before. */
export function hourParitySign(flipped = false): string {
  return flipped ? '(1 - 2 * (time() % 7200 < bool 3600))' : '(2 * (time() % 7200 < bool 3600) - 1)';
}
