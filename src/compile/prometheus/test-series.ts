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
import { acceptedValue, GROUP_TEST_VALUE, groupTestValue, matcherAccepts, selects } from '../../model/label-match.ts';
import { groupLabels, type GroupLabel } from '../../model/group-labels.ts';
import { seriesLabels } from './recording.ts';
import { labelSet } from './promql.ts';
import { leMatcher } from './sli.ts';
import { perSloMemo } from './per-slo-memo.ts';
import { RecentValues } from '../../model/recent-values.ts';

export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

export interface TestInput {
  readonly series: InputSeries[];
  /** True when the SLI's own metrics are fed; false when the recorded per-minute increases are. */
  readonly fromSource: boolean;
  /** The source series and the events each counts; empty when the recorded increases are fed, which only this SLO reads. */
  readonly planned: readonly PlannedSeries[];
}

type Role = 'errors' | 'good' | 'total' | 'up';
export interface PlannedSeries {
  readonly labels: Labels;
  readonly role: Role;
}


/**
 * Series that feed the SLO the profile's events. Where it can, it picks series the
 * `neighbours` (the other SLOs of its rule file) do not select, so their alerts stay out
 * of its tests; see trafficSeenBy for the series it cannot keep from them.
 */
export function testInput(slo: Slo, profile: readonly Segment[], neighbours: readonly Slo[] = []): TestInput {
  // A 0/1 gauge can only be all up or all down in a minute.
  const feedable = slo.sli.kind !== 'uptime' || profile.every((s) => s.errorsPerMinute === 0 || s.errorsPerMinute === s.eventsPerMinute);
  const plan = feedable ? plannedSeries(slo)(neighbours) : undefined;
  if (plan) return { fromSource: true, planned: plan, series: plan.map((p) => ({ series: labelSet(p.labels), values: counterValues(profile, p.role) })) };
  const labels = { __name__: '', ...recordedLabels(slo) };
  return {
    fromSource: false,
    planned: [],
    series: [
      { series: labelSet({ ...labels, __name__: METRIC.errorsIncrease1m }), values: increaseValues(profile, 'errors') },
      { series: labelSet({ ...labels, __name__: METRIC.totalIncrease1m }), values: increaseValues(profile, 'total') },
    ],
  };
}

/**
 * The recorded per-minute increases of the profile and their hour-parity twins, for tests
 * that evaluate the rules less often than every minute: the minute group's own rules
 * would then record only the minutes it is evaluated at. Only this SLO's rules read them.
 */
export function recordedIncreasesInput(slo: Slo, profile: readonly Segment[]): InputSeries[] {
  const labels = recordedLabels(slo);
  const series = (name: string, role: 'errors' | 'total', signed: boolean) => ({ series: labelSet({ __name__: name, ...labels }), values: perMinuteValues(profile, role, signed) });
  return [
    series(METRIC.errorsIncrease1m, 'errors', false),
    series(METRIC.totalIncrease1m, 'total', false),
    series(METRIC.errorsIncrease1mHourParity, 'errors', true),
    series(METRIC.totalIncrease1mHourParity, 'total', true),
  ];
}

/** The labels of the SLO's recorded series in a test: its own, plus the test value of each group label. */
export function recordedLabels(slo: Slo): Labels {
  const values = groupTestValues(slo);
  return { ...seriesLabels(slo), ...Object.fromEntries(values.map(({ recorded, value }) => [recorded, value])) };
}

/** The group labels' test values as the SLI's own series carry them (a metric's own `service` under that name). */
function sourceGroupLabels(slo: Slo): Labels {
  return Object.fromEntries(groupTestValues(slo).map(({ source, value }) => [source, value]));
}

/**
 * The value a test gives each groupBy label: one every matcher of the SLI's selectors on
 * that label accepts (validation refuses a groupBy label no value can be found for).
 */
function groupTestValues(slo: Slo): (GroupLabel & { value: string })[] {
  const matchers = selectorsOf(slo).flatMap((s) => s.matchers);
  return groupLabels(slo).map((label) => ({ ...label, value: groupTestValue(matchers.filter((m) => m.name === label.source)) ?? GROUP_TEST_VALUE }));
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

/**
 * The source series of the SLO's tests beside `neighbours`, the same for each of its
 * scenarios: solved once per SLO and its neighbours.
 */
const plannedSeries = perSloMemo((slo: Slo) => {
  const byNeighbours = new WeakMap<readonly Slo[], { plan: PlannedSeries[] | undefined }>();
  return (neighbours: readonly Slo[]) => {
    let found = byNeighbours.get(neighbours);
    if (!found) byNeighbours.set(neighbours, (found = { plan: sourcePlan(slo, neighbours.flatMap(selectorsOf)) }));
    return found.plan;
  };
});

/** Series that make the SLI's own selectors see its events, or undefined if sloforge cannot build them. */
function sourcePlan(slo: Slo, avoid: readonly Selector[]): PlannedSeries[] | undefined {
  const groups = sourceGroupLabels(slo);
  const sli = slo.sli;
  switch (sli.kind) {
    case 'ratio': {
      // The selector besides total counts errors or good events; the other kind makes up the rest of total.
      const counted: Role = sli.events;
      const sameMetric = sli.selector.metric === sli.total.metric;
      const countedLabels = solve([sli.selector, ...(sameMetric ? [sli.total] : [])], groups, avoid);
      if (!countedLabels) return undefined;
      if (!sameMetric) {
        const totalLabels = solve([sli.total], groups, avoid);
        return totalLabels && [{ labels: countedLabels, role: counted }, { labels: totalLabels, role: 'total' }];
      }
      const restLabels = solveExcluding(sli.total, sli.selector, groups, avoid);
      return restLabels && [{ labels: countedLabels, role: counted }, { labels: restLabels, role: counted === 'errors' ? 'good' : 'errors' }];
    }
    case 'latency': {
      const base = solve([sli.histogram], groups, avoid);
      if (!base) return undefined;
      const name = sli.histogram.metric;
      const le = formatNumber(sli.thresholdSeconds);
      if (!matcherAccepts(leMatcher(sli.thresholdSeconds), le)) return undefined;
      return [
        { labels: { ...base, __name__: `${name}_bucket`, le }, role: 'good' },
        { labels: { ...base, __name__: `${name}_bucket`, le: '+Inf' }, role: 'total' },
        { labels: { ...base, __name__: `${name}_count` }, role: 'total' },
      ];
    }
    case 'uptime': {
      const labels = solve([sli.gauge], groups, avoid);
      return labels && [{ labels, role: 'up' }];
    }
    case 'raw':
      return undefined;
  }
}

/** The traffic one group of another SLO's series sees in a test. */
export interface FedTraffic {
  /** The other SLO's groupBy labels, as its recorded series carry them. */
  readonly groupLabels: Labels;
  readonly profile: Segment[];
}

/**
 * What another SLO of the rule file sees of a test's series: per group of its own, the
 * events and errors of each segment; [] if it selects none of them; undefined if it does
 * and sloforge cannot tell what it makes of them (a gauge, a raw expression, errors
 * beyond the total).
 */
export function trafficSeenBy(other: Slo, input: TestInput, profile: readonly Segment[]): FedTraffic[] | undefined {
  const count = countsOf(other, input.planned);
  if (count === undefined) return undefined;
  const groups = new Map<string, { labels: Labels; series: PlannedSeries[] }>();
  for (const series of input.planned) {
    if (count(series) === 'none') continue;
    const present = groupLabels(other).filter(({ source }) => series.labels[source] !== undefined);
    const labels = Object.fromEntries(present.map(({ source, recorded }) => [recorded, series.labels[source]!]));
    const key = JSON.stringify(other.groupBy.map((l) => labels[l] ?? ''));
    const group = groups.get(key) ?? groups.set(key, { labels, series: [] }).get(key)!;
    group.series.push(series);
  }
  const traffic: FedTraffic[] = [];
  for (const { labels, series } of groups.values()) {
    const segments: Segment[] = [];
    for (const segment of profile) {
      let total = 0;
      let good = 0;
      let errors = 0;
      for (const s of series) {
        const events = perMinute(segment, s.role);
        const kind = count(s);
        if (kind === 'total' || kind === 'total+errors' || kind === 'total+good') total += events;
        if (kind === 'errors' || kind === 'total+errors') errors += events;
        if (kind === 'good' || kind === 'total+good') good += events;
      }
      const bad = other.sli.kind === 'ratio' && other.sli.events === 'errors' ? errors : total - good;
      if (bad < 0 || bad > total) return undefined;
      segments.push({ minutes: segment.minutes, eventsPerMinute: total, errorsPerMinute: bad });
    }
    traffic.push({ groupLabels: labels, profile: segments });
  }
  return traffic;
}

type Counted = 'none' | 'total' | 'errors' | 'good' | 'total+errors' | 'total+good';

/** How the other SLO counts each series; undefined if it reads one in a way sloforge does not predict. */
function countsOf(other: Slo, planned: readonly PlannedSeries[]): ((series: PlannedSeries) => Counted) | undefined {
  const sli = other.sli;
  const counters = (classify: (series: PlannedSeries) => Counted) => {
    const read = planned.filter((series) => classify(series) !== 'none');
    return read.some((series) => series.role === 'up') ? undefined : classify;
  };
  switch (sli.kind) {
    case 'ratio':
      return counters((series) => {
        const inTotal = selects(sli.total, series.labels);
        const counted = selects(sli.selector, series.labels);
        if (!counted) return inTotal ? 'total' : 'none';
        return inTotal ? (sli.events === 'errors' ? 'total+errors' : 'total+good') : sli.events;
      });
    case 'latency': {
      const le = leMatcher(sli.thresholdSeconds);
      const base = (series: PlannedSeries, suffix: string) =>
        series.labels.__name__ === `${sli.histogram.metric}${suffix}` && selects(sli.histogram, { ...series.labels, __name__: sli.histogram.metric });
      const classify = (series: PlannedSeries): Counted => {
        if (base(series, '_count')) return 'total';
        return base(series, '_bucket') && matcherAccepts(le, series.labels.le ?? '') ? 'good' : 'none';
      };
      // Without a bucket at its threshold the SLI is broken, and counts no errors (sli-broken.ts).
      const kinds = new Set(planned.map(classify));
      return kinds.has('total') && !kinds.has('good') ? undefined : counters(classify);
    }
    case 'uptime':
      return planned.some((series) => selects(sli.gauge, series.labels)) ? undefined : () => 'none';
    case 'raw': {
      const names = new Set(planned.map((series) => series.labels.__name__!.replace(/_(bucket|count)$/, '')));
      return [...names].some((name) => sli.errorRatio.includes(name)) ? undefined : () => 'none';
    }
  }
}

/** Whether `other`'s SLI selects any of the series (a raw expression: names one of their metrics). */
export function readsAny(other: Slo, series: readonly Labels[]): boolean {
  const sli = other.sli;
  const names = series.map((labels) => labels.__name__ ?? '');
  switch (sli.kind) {
    case 'raw':
      return names.some((name) => sli.errorRatio.includes(name.replace(/_(bucket|count)$/, '')));
    case 'latency':
      return series.some((labels, i) => [`${sli.histogram.metric}_bucket`, `${sli.histogram.metric}_count`].includes(names[i]!) && selects(sli.histogram, { ...labels, __name__: sli.histogram.metric }));
    default:
      return series.some((labels) => selectorsOf(other).some((selector) => selects(selector, labels)));
  }
}

export interface BrokenInput {
  readonly series: InputSeries[];
  /** The labels of each series, for readsAny. */
  readonly labels: Labels[];
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
  const counter = (labels: Labels, perMinute: number): InputSeries & { labels: Labels } => ({ labels, series: labelSet(labels), values: `0+${perMinute}x${minutes}` });
  const split = (story: string, series: (InputSeries & { labels: Labels })[]): BrokenInput => ({ story, series: series.map(({ series, values }) => ({ series, values })), labels: series.map((s) => s.labels) });
  const events = BROKEN_EVENTS_PER_MINUTE;
  switch (sli.kind) {
    case 'latency': {
      const base = solve([sli.histogram], groups);
      const le = leMatcher(sli.thresholdSeconds);
      const bounds = [formatNumber(sli.thresholdSeconds / 2), formatNumber(sli.thresholdSeconds * 2)];
      if (!base || bounds.some((bound) => matcherAccepts(le, bound))) return undefined;
      const name = sli.histogram.metric;
      return split(`a histogram with buckets ${bounds.join('/')}/+Inf and no bucket at the threshold, every request fast`, [
        ...[...bounds, '+Inf'].map((bound) => counter({ ...base, __name__: `${name}_bucket`, le: bound }, events)),
        counter({ ...base, __name__: `${name}_count` }, events),
      ]);
    }
    case 'ratio': {
      if (sli.events === 'good') return undefined;
      const total = solve([sli.total], groups);
      const errorsOnly = sli.selector.metric === sli.total.metric ? solveExcluding(sli.selector, sli.total, groups) : solve([sli.selector], groups);
      if (!total || !errorsOnly) return undefined;
      return split('errors counting three times the total', [counter(total, events), counter(errorsOnly, 3 * events)]);
    }
    case 'uptime': {
      const labels = solve([sli.gauge], groups);
      return labels && { story: 'a gauge at 2.5 (a duration, not 0/1)', series: [{ series: labelSet(labels), values: `2.5+0x${minutes}` }], labels: [labels] };
    }
    case 'raw':
      return undefined;
  }
}

/**
 * Labels (with `__name__`) of a series every selector matches, with the `fixed` values,
 * and, where it can, none of `avoid` matches; undefined if there is none.
 */
function solve(selectors: readonly Selector[], fixed: Labels, avoid: readonly Selector[] = []): Labels | undefined {
  const labels = solveMatching(selectors, fixed);
  return labels && avoiding(selectors, fixed, avoid, labels);
}

/** Breaks one matcher of each selector in `avoid` that selects `labels`, where a series can still match `selectors` then. */
function avoiding(selectors: readonly Selector[], fixed: Labels, avoid: readonly Selector[], labels: Labels): Labels {
  const hit = avoid.find((selector) => selects(selector, labels));
  if (!hit) return labels;
  const rest = avoid.filter((selector) => selector !== hit);
  for (const broken of hit.matchers) {
    if (broken.name in fixed) continue;
    const narrowed = [...selectors, { metric: selectors[0]!.metric, matchers: [{ ...broken, op: NEGATION[broken.op] }] }];
    const other = solveMatching(narrowed, fixed);
    if (other) return avoiding(narrowed, fixed, rest, other);
  }
  return avoiding(selectors, fixed, rest, labels);
}

function solveMatching(selectors: readonly Selector[], fixed: Labels): Labels | undefined {
  const metric = selectors[0]!.metric;
  if (selectors.some((s) => s.metric !== metric)) return undefined;
  const matchers = selectors.flatMap((s) => s.matchers);
  const labels: Record<string, string> = { __name__: metric };
  for (const name of new Set([...Object.keys(fixed), ...matchers.map((m) => m.name)])) {
    const own = matchers.filter((m) => m.name === name);
    // A group label keeps its test value: the expected alerts carry it.
    const value = name in fixed ? (own.every((m) => matcherAccepts(m, fixed[name]!)) ? fixed[name] : undefined) : acceptedValue(own);
    if (value === undefined) return undefined;
    if (value !== '') labels[name] = value;
  }
  return labels;
}

/** Labels of a series `include` matches and `exclude` does not: one of exclude's matchers broken. */
function solveExcluding(include: Selector, exclude: Selector, fixed: Labels, avoid: readonly Selector[] = []): Labels | undefined {
  for (const broken of exclude.matchers) {
    const opposite: LabelMatcher = { ...broken, op: NEGATION[broken.op] };
    const labels = solve([include, { metric: include.metric, matchers: [opposite] }], fixed, avoid);
    if (labels) return labels;
  }
  return undefined;
}

const NEGATION = { '=': '!=', '!=': '=', '=~': '!~', '!~': '=~' } as const;

/**
 * promtool's expanding notation, a sample each minute: counters grow by the role's events
 * of each minute from minute 0; a 0/1 gauge, from minute 1, is 0 in minutes with errors.
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

/**
 * Each minute's events from minute 1 (0 at minute 0); `signed`, times the parity sign of
 * the clock hour of the sample, +1 in even hours and −1 in odd ones, as the minute group
 * records them (hourParitySign in promql.ts).
 */
function perMinuteValues(profile: readonly Segment[], role: 'errors' | 'total', signed: boolean): string {
  // SLOs of one objective and tiers share their scenarios' profiles, and so these strings.
  let key = `${role} ${signed}`;
  for (const segment of profile) key += ` ${segment.minutes},${segment.eventsPerMinute},${segment.errorsPerMinute}`;
  return recentValues.get(key, () => spellPerMinuteValues(profile, role, signed));
}
const recentValues = new RecentValues<string, string>(64);

function spellPerMinuteValues(profile: readonly Segment[], role: 'errors' | 'total', signed: boolean): string {
  const runs: { value: number; count: number }[] = [];
  const add = (value: number, count: number) => {
    const last = runs[runs.length - 1];
    if (last && Object.is(last.value, value)) last.count += count;
    else runs.push({ value, count });
  };
  let minute = 0;
  for (const segment of profile) {
    const value = perMinute(segment, role);
    // A stretch of minutes within one clock hour, which share the sign.
    for (let left = segment.minutes; left > 0; ) {
      const first = minute + 1;
      const stretch = signed ? Math.min(left, 60 - (first % 60)) : left;
      add(signed && first % 120 >= 60 ? -value : value, stretch);
      minute += stretch;
      left -= stretch;
    }
  }
  // A rule evaluated at a sample's minute records it again, and the store refuses a second
  // sample of another value: an odd hour's 0 is -0 there, as the rule's product is
  // (and `-0+0xN` would expand to +0 after its first).
  return ['0', ...runs.map((run) => (Object.is(run.value, -0) ? `-0-0x${run.count - 1}` : `${formatNumber(run.value)}+0x${run.count - 1}`))].join(' ');
}

/**
 * A constant per segment for its minutes, and no sample at minute 0: the rules count a
 * gauge's sample as the minute up to it, so one at minute 0 would add a minute the window
 * math (alert-timing.ts) does not have, which moves a low objective's firing by a minute.
 */
function sampleRuns(profile: readonly Segment[], valueOf: (segment: Segment) => number): string {
  const runs = profile.map((segment) => `${formatNumber(valueOf(segment))}+0x${segment.minutes - 1}`);
  return ['_', ...runs].join(' ');
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
