/**
 * Synthetic input series for promtool tests. For counter-based SLIs sloforge derives
 * series that match the user's own selectors, so the tests run every rule from the raw
 * metric up; where it cannot (raw expressions, fractional uptime, selectors whose
 * regexes it cannot satisfy) it feeds the recorded per-minute increases instead and says so.
 */
import type { Labels, LabelMatcher, Selector, Slo } from '../../model/slo.ts';
import type { Segment } from '../../model/alert-timing.ts';
import { METRIC } from '../../model/conventions.ts';
import { formatNumber } from '../../model/number.ts';
import { seriesLabels } from './recording.ts';
import { labelSet } from './promql.ts';
import { leMatcher } from './sli.ts';

export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

export interface TestInput {
  readonly series: InputSeries[];
  /** True when the SLI's own metrics are fed; false when the recorded per-minute increases are. */
  readonly fromSource: boolean;
}

type Role = 'errors' | 'good' | 'total' | 'up';
interface PlannedSeries {
  readonly labels: Labels;
  readonly role: Role;
}

/** The value a test gives each groupBy label the selectors leave free. */
const GROUP_VALUE = 'sloforge-test';

export function testInput(slo: Slo, profile: readonly Segment[]): TestInput {
  const plan = sourcePlan(slo, profile);
  if (plan) return { fromSource: true, series: plan.map((p) => ({ series: labelSet(p.labels), values: counterValues(profile, p.role) })) };
  const labels = { __name__: '', ...recordedLabels(slo) };
  return {
    fromSource: false,
    series: [
      { series: labelSet({ ...labels, __name__: METRIC.errorsIncrease1m }), values: increaseValues(profile, 'errors') },
      { series: labelSet({ ...labels, __name__: METRIC.totalIncrease1m }), values: increaseValues(profile, 'total') },
    ],
  };
}

/** The labels of the SLO's recorded series in a test: its own, plus the test value of each group label. */
export function recordedLabels(slo: Slo): Labels {
  const groups = sourceGroupLabels(slo);
  return { ...seriesLabels(slo), ...groups };
}

function sourceGroupLabels(slo: Slo): Labels {
  const selectors = selectorsOf(slo);
  return Object.fromEntries(
    slo.groupBy.map((label) => {
      const fixed = selectors.flatMap((s) => s.matchers).find((m) => m.name === label && m.op === '=');
      return [label, fixed?.value ?? GROUP_VALUE];
    }),
  );
}

function selectorsOf(slo: Slo): Selector[] {
  switch (slo.sli.kind) {
    case 'ratio':
      return [slo.sli.selector, slo.sli.total];
    case 'latency':
      return [slo.sli.histogram];
    case 'uptime':
      return [slo.sli.gauge];
    case 'raw':
      return [];
  }
}

/** Series that make the SLI's own selectors see the profile's events, or undefined if sloforge cannot build them. */
function sourcePlan(slo: Slo, profile: readonly Segment[]): PlannedSeries[] | undefined {
  const groups = sourceGroupLabels(slo);
  const sli = slo.sli;
  switch (sli.kind) {
    case 'ratio': {
      // The selector besides total counts errors or good events; the other kind makes up the rest of total.
      const counted: Role = sli.events;
      const sameMetric = sli.selector.metric === sli.total.metric;
      const countedLabels = solve([sli.selector, ...(sameMetric ? [sli.total] : [])], groups);
      if (!countedLabels) return undefined;
      if (!sameMetric) {
        const totalLabels = solve([sli.total], groups);
        return totalLabels && [{ labels: countedLabels, role: counted }, { labels: totalLabels, role: 'total' }];
      }
      const restLabels = solveExcluding(sli.total, sli.selector, groups);
      return restLabels && [{ labels: countedLabels, role: counted }, { labels: restLabels, role: counted === 'errors' ? 'good' : 'errors' }];
    }
    case 'latency': {
      const base = solve([sli.histogram], groups);
      if (!base) return undefined;
      const name = sli.histogram.metric;
      const le = formatNumber(sli.thresholdSeconds);
      if (!new RegExp(`^(?:${leMatcher(sli.thresholdSeconds).value})$`).test(le)) return undefined;
      return [
        { labels: { ...base, __name__: `${name}_bucket`, le }, role: 'good' },
        { labels: { ...base, __name__: `${name}_bucket`, le: '+Inf' }, role: 'total' },
        { labels: { ...base, __name__: `${name}_count` }, role: 'total' },
      ];
    }
    case 'uptime': {
      // A 0/1 gauge can only be all up or all down in a minute.
      if (profile.some((s) => s.errorsPerMinute !== 0 && s.errorsPerMinute !== s.eventsPerMinute)) return undefined;
      const labels = solve([sli.gauge], groups);
      return labels && [{ labels, role: 'up' }];
    }
    case 'raw':
      return undefined;
  }
}

export interface BrokenInput {
  readonly series: InputSeries[];
  /** What is wrong with it, for the test's name. */
  readonly story: string;
}

/** Events a minute in a broken-SLI scenario. */
const BROKEN_EVENTS_PER_MINUTE = 600;

/**
 * Series, for `minutes`, of an SLI whose data is certainly wrong, as sli-broken.ts detects
 * it; undefined where the SLI cannot be wrong that way (a ratio of good events; errors
 * whose selector only ever matches series total matches) or sloforge cannot build them.
 */
export function brokenInput(slo: Slo, minutes: number): BrokenInput | undefined {
  const groups = sourceGroupLabels(slo);
  const sli = slo.sli;
  const counter = (labels: Labels, perMinute: number): InputSeries => ({ series: labelSet(labels), values: `0+${perMinute}x${minutes}` });
  const events = BROKEN_EVENTS_PER_MINUTE;
  switch (sli.kind) {
    case 'latency': {
      const base = solve([sli.histogram], groups);
      const le = leMatcher(sli.thresholdSeconds);
      const bounds = [formatNumber(sli.thresholdSeconds / 2), formatNumber(sli.thresholdSeconds * 2)];
      if (!base || bounds.some((bound) => new RegExp(`^(?:${le.value})$`).test(bound))) return undefined;
      const name = sli.histogram.metric;
      return {
        story: `a histogram with buckets ${bounds.join('/')}/+Inf and no bucket at the threshold, every request fast`,
        series: [
          ...[...bounds, '+Inf'].map((bound) => counter({ ...base, __name__: `${name}_bucket`, le: bound }, events)),
          counter({ ...base, __name__: `${name}_count` }, events),
        ],
      };
    }
    case 'ratio': {
      if (sli.events === 'good') return undefined;
      const total = solve([sli.total], groups);
      const errorsOnly = sli.selector.metric === sli.total.metric ? solveExcluding(sli.selector, sli.total, groups) : solve([sli.selector], groups);
      if (!total || !errorsOnly) return undefined;
      return { story: 'errors counting three times the total', series: [counter(total, events), counter(errorsOnly, 3 * events)] };
    }
    case 'uptime': {
      const labels = solve([sli.gauge], groups);
      return labels && { story: 'a gauge at 2.5 (a duration, not 0/1)', series: [{ series: labelSet(labels), values: `2.5+0x${minutes}` }] };
    }
    case 'raw':
      return undefined;
  }
}

/** Labels (with `__name__`) of a series every selector matches, or undefined. */
function solve(selectors: readonly Selector[], fixed: Labels): Labels | undefined {
  const metric = selectors[0]!.metric;
  if (selectors.some((s) => s.metric !== metric)) return undefined;
  const matchers = selectors.flatMap((s) => s.matchers);
  const labels: Record<string, string> = { __name__: metric };
  for (const name of new Set([...Object.keys(fixed), ...matchers.map((m) => m.name)])) {
    const own = matchers.filter((m) => m.name === name);
    const value = [fixed[name], ...own.flatMap(candidates), ...FILLERS].find((v) => v !== undefined && own.every((m) => matches(m, v)));
    if (value === undefined) return undefined;
    if (value !== '') labels[name] = value;
  }
  return labels;
}

/** Labels of a series `include` matches and `exclude` does not: one of exclude's matchers broken. */
function solveExcluding(include: Selector, exclude: Selector, fixed: Labels): Labels | undefined {
  for (const broken of exclude.matchers) {
    const opposite: LabelMatcher = { ...broken, op: NEGATION[broken.op] };
    const labels = solve([include, { metric: include.metric, matchers: [opposite] }], fixed);
    if (labels) return labels;
  }
  return undefined;
}

const NEGATION = { '=': '!=', '!=': '=', '=~': '!~', '!~': '=~' } as const;
const FILLERS = ['sloforge', 'test-value', '200', 'ok', '0', 'x', ''];

function matches(matcher: LabelMatcher, value: string): boolean {
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return fullMatch(matcher.value, value) === true;
    case '!~':
      return fullMatch(matcher.value, value) === false;
  }
}

/** Anchored match as Prometheus does it; undefined when the pattern is not valid in JavaScript too. */
function fullMatch(pattern: string, value: string): boolean | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(value);
  } catch {
    return undefined;
  }
}

/** Values worth trying for a matcher: its literal, and simple strings its regex is likely to accept. */
function candidates(matcher: LabelMatcher): string[] {
  if (matcher.op === '=') return [matcher.value];
  if (matcher.op !== '=~') return [];
  return matcher.value.split('|').flatMap((alternative) => {
    const bare = alternative.replace(/^\^|\$$/g, '');
    const literal = bare.replace(/\\(.)/g, '$1');
    const simplified = bare
      .replace(/\\d/g, '0')
      .replace(/\\w/g, 'a')
      .replace(/\\(.)/g, '$1')
      .replace(/\[\^[^\]]*\]/g, 'z')
      .replace(/\[([^\]])[^\]]*\]/g, '$1')
      .replace(/\.\*|\.\?/g, '')
      .replace(/\.\+|\./g, '0')
      .replace(/[()+*?]/g, '');
    return [literal.replace(/[()]/g, ''), simplified];
  });
}

/**
 * promtool's expanding notation, a sample each minute from minute 0: counters grow by the
 * role's events of each minute; a 0/1 gauge is 0 in minutes with errors.
 */
function counterValues(profile: readonly Segment[], role: Role): string {
  if (role === 'up') return sampleRuns(profile, (s) => (s.errorsPerMinute === 0 ? 1 : 0));
  const parts = ['0'];
  let value = 0;
  for (const segment of profile) {
    const step = perMinute(segment, role);
    parts.push(`${value + step}+${step}x${segment.minutes - 1}`);
    value += step * segment.minutes;
  }
  return parts.join(' ');
}

/** The recorded per-minute increases a profile produces: none at minute 0, then each minute's events. */
function increaseValues(profile: readonly Segment[], role: 'errors' | 'total'): string {
  return ['0', ...profile.map((segment) => `${formatNumber(perMinute(segment, role))}+0x${segment.minutes - 1}`)].join(' ');
}

/** A constant per segment: the first segment's value at minute 0, then each segment's for its minutes. */
function sampleRuns(profile: readonly Segment[], valueOf: (segment: Segment) => number): string {
  const runs = profile.map((segment) => `${formatNumber(valueOf(segment))}+0x${segment.minutes - 1}`);
  return [formatNumber(valueOf(profile[0]!)), ...runs].join(' ');
}

function perMinute(segment: Segment, role: Role): number {
  switch (role) {
    case 'errors':
      return segment.errorsPerMinute;
    case 'good':
      return segment.eventsPerMinute - segment.errorsPerMinute;
    case 'total':
    case 'up':
      return segment.eventsPerMinute;
  }
}
