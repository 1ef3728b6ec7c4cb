/**
 * Two tree states compared as alerting meaning, not as text: each change says what it
 * does to detection ("pages later: fires at 1.44% errors instead of 0.72%") and whether
 * alerting became more or less sensitive.
 */
import { formatDuration, parseDuration } from '../model/duration.ts';
import { formatNumber, formatPercentRounded, formatRounded } from '../model/number.ts';
import { formatIn, type Unit } from './quantity.ts';
import type { Comparison, SloState, ThresholdState, TierState, TreeState } from './state.ts';

export type Sensitivity = 'more' | 'less' | 'neutral';

export interface Change {
  /** What changed: `fraiseql/availability`, `fraiseql/HighErrorRate`, `scrape job fraiseql`. */
  readonly subject: string;
  readonly kind: 'slo' | 'tier' | 'alert' | 'record' | 'scrape' | 'routing' | 'dashboard';
  readonly sensitivity: Sensitivity;
  /** In words. */
  readonly summary: string;
  /** For a changed expression structure: the two side by side. */
  readonly before?: string;
  readonly after?: string;
  /** The numbers and names the change is about, before and after; a side is absent where the subject did not exist. */
  readonly old?: Values;
  readonly new?: Values;
}

/** A number in its unit (a ratio is 0.01 for 1%), or a name such as a severity. */
export type Measure = NumberMeasure | { readonly value: string; readonly unit: 'name' };

export interface NumberMeasure {
  readonly value: number;
  readonly unit: Unit;
  /** For a threshold: what it is compared with, and how. */
  readonly of?: string;
  readonly op?: string;
}

export type Values = Readonly<Record<string, Measure>>;

export function compareTrees(old: TreeState, next: TreeState): Change[] {
  const urgency: Urgency = [...(next.routes.size ? next.routes : old.routes).keys()];
  return [
    ...compareSlos(old, next, urgency),
    ...compareThresholds(old, next, urgency),
    ...addedRemoved(old.records, next.records, 'record', 'recording rule', 'neutral', 'neutral'),
    ...compareJobs(old, next),
    ...addedRemoved(old.receivers, next.receivers, 'routing', 'receiver', 'neutral', 'less'),
    ...compareRoutes(old, next),
    ...compareDashboards(old, next),
  ];
}

function compareSlos(old: TreeState, next: TreeState, urgency: Urgency): Change[] {
  const changes: Change[] = [];
  for (const key of union(old.slos.keys(), next.slos.keys())) {
    const before = old.slos.get(key);
    const after = next.slos.get(key);
    if (!before) {
      changes.push({ subject: key, kind: 'slo', sensitivity: 'more', summary: `new SLO: ${describeSlo(after!)}`, new: sloValues(after!) });
      changes.push(...compareSlo(key, { ...after!, tiers: new Map() }, after!, urgency).filter((c) => c.kind === 'tier'));
    }
    else if (!after) changes.push({ subject: key, kind: 'slo', sensitivity: 'less', summary: `SLO removed, with its ${before.tiers.size} alerts (was ${describeSlo(before)})`, old: sloValues(before) });
    else changes.push(...compareSlo(key, before, after, urgency));
  }
  return changes;
}

function compareSlo(key: string, before: SloState, after: SloState, urgency: Urgency): Change[] {
  const changes: Change[] = [];
  if (before.objective !== after.objective || before.periodDays !== after.periodDays) {
    const tighter = (after.objective ?? 0) > (before.objective ?? 0);
    const sensitivity: Sensitivity = before.objective === after.objective ? 'neutral' : tighter ? 'more' : 'less';
    changes.push({
      subject: key,
      kind: 'slo',
      sensitivity,
      summary: `${before.objective === after.objective ? 'period changed' : tighter ? 'objective tightened' : 'objective loosened'}: ${describeSlo(after)} (was ${describeSlo(before)})`,
      old: sloValues(before),
      new: sloValues(after),
    });
  }
  for (const tierKey of tierKeys(before, after)) {
    const subject = `${key} ${tierKey}`;
    const was = before.tiers.get(tierKey);
    const now = after.tiers.get(tierKey);
    if (!was) changes.push({ subject, kind: 'tier', sensitivity: 'more', summary: `new alert tier: ${describeTier(now!, after)}`, new: tierValues(now!, after) });
    else if (!now) changes.push({ subject, kind: 'tier', sensitivity: 'less', summary: `alert tier removed (was ${describeTier(was, before)})`, old: tierValues(was, before) });
    else changes.push(...compareTier(subject, was, before, now, after, urgency));
  }
  return changes;
}

function compareTier(subject: string, was: TierState, before: SloState, now: TierState, after: SloState, urgency: Urgency): Change[] {
  const changes: Change[] = [];
  const wasRate = errorRate(was, before);
  const nowRate = errorRate(now, after);
  const firing = (tier: TierState, slo: SloState): Values => ({ firingErrorRatio: measure(errorRate(tier, slo), 'ratio'), burnRate: measure(tier.factor, 'budget_burn_rate') });
  if (formatNumber(wasRate) !== formatNumber(nowRate)) {
    const later = nowRate > wasRate;
    changes.push({
      subject,
      kind: 'tier',
      sensitivity: later ? 'less' : 'more',
      summary: `${pagesOrFires(now)} ${later ? 'later' : 'sooner'}: fires at ${formatPercentRounded(nowRate)} errors instead of ${formatPercentRounded(wasRate)} (${formatRounded(now.factor)}x the budget, was ${formatRounded(was.factor)}x)`,
      old: firing(was, before),
      new: firing(now, after),
    });
  } else if (was.factor !== now.factor) {
    changes.push({ subject, kind: 'tier', sensitivity: 'neutral', summary: `burn-rate factor ${formatRounded(now.factor)}x instead of ${formatRounded(was.factor)}x, at the same ${formatPercentRounded(nowRate)} errors`, old: firing(was, before), new: firing(now, after) });
  }
  if (was.minRequestRate !== now.minRequestRate) {
    const higher = (now.minRequestRate ?? 0) > (was.minRequestRate ?? 0);
    changes.push({
      subject,
      kind: 'tier',
      sensitivity: higher ? 'less' : 'more',
      summary: `minimum request rate ${rateText(now.minRequestRate)} instead of ${rateText(was.minRequestRate)}`,
      old: { minRequestRate: measure(was.minRequestRate ?? 0, 'events_per_second') },
      new: { minRequestRate: measure(now.minRequestRate ?? 0, 'events_per_second') },
    });
  }
  changes.push(...compareFor(subject, 'tier', was.for, now.for));
  if (was.severity !== now.severity) changes.push(severityChange(subject, 'tier', was.severity, now.severity, urgency));
  return changes;
}

function compareFor(subject: string, kind: Change['kind'], was: string, now: string): Change[] {
  const wasFor = parseDuration(was) ?? 0;
  const nowFor = parseDuration(now) ?? 0;
  if (wasFor === nowFor) return [];
  return [{ subject, kind, sensitivity: nowFor > wasFor ? 'less' : 'more', summary: `waits ${durationText(nowFor)} before firing (its \`for\`) instead of ${durationText(wasFor)}`, old: { for: measure(wasFor, 'seconds') }, new: { for: measure(nowFor, 'seconds') } }];
}

/** Severities most urgent first, as the new tree routes them; a move down that list is less sensitive. */
type Urgency = readonly string[];

function severityChange(subject: string, kind: Change['kind'], was: string, now: string, urgency: Urgency): Change {
  const before = urgency.indexOf(was);
  const after = urgency.indexOf(now);
  const sensitivity: Sensitivity = before === -1 || after === -1 ? 'neutral' : after > before ? 'less' : 'more';
  return {
    subject,
    kind,
    sensitivity,
    summary: `severity ${now} instead of ${was}${sensitivity === 'less' ? ' (less urgent)' : sensitivity === 'more' ? ' (more urgent)' : ''}`,
    old: { severity: { value: was, unit: 'name' } },
    new: { severity: { value: now, unit: 'name' } },
  };
}

function compareThresholds(old: TreeState, next: TreeState, urgency: Urgency): Change[] {
  const changes: Change[] = [];
  for (const key of union(old.thresholds.keys(), next.thresholds.keys())) {
    const was = old.thresholds.get(key);
    const now = next.thresholds.get(key);
    if (!was) changes.push({ subject: key, kind: 'alert', sensitivity: 'more', summary: `new alert (${now!.severity}): ${describeThreshold(now!)}`, new: thresholdValues(now!) });
    else if (!now) changes.push({ subject: key, kind: 'alert', sensitivity: 'less', summary: `alert removed (was ${was.severity}: ${describeThreshold(was)})`, old: thresholdValues(was) });
    else changes.push(...compareThreshold(key, was, now, urgency));
  }
  return changes;
}

function compareThreshold(subject: string, was: ThresholdState, now: ThresholdState, urgency: Urgency): Change[] {
  const changes: Change[] = [];
  if (was.shape !== now.shape) {
    changes.push({ subject, kind: 'alert', sensitivity: 'neutral', summary: 'expression changed', before: was.expr, after: now.expr });
  } else {
    was.comparisons.forEach((before, i) => {
      const after = now.comparisons[i]!;
      if (before.value === after.value) return;
      const less = lessSensitive(before, after);
      changes.push({
        subject,
        kind: 'alert',
        sensitivity: less ? 'less' : 'more',
        summary: `fires ${less ? 'later' : 'sooner'}: when ${after.quantity.name} ${after.op} ${formatIn(after.value, after.quantity.unit)} instead of ${before.op} ${formatIn(before.value, before.quantity.unit)}`,
        old: { threshold: threshold(before) },
        new: { threshold: threshold(after) },
      });
    });
    // Numbers that are not thresholds (a quantile, a capacity) change what is measured: shown, not ranked.
    const thresholds = new Set(was.comparisons.map((c) => c.value));
    const moved = was.numbers.map((n, i) => [n, now.numbers[i]!] as const).filter(([a, b]) => a.value !== b.value && !thresholds.has(a.value));
    if (moved.length) {
      changes.push({
        subject,
        kind: 'alert',
        sensitivity: 'neutral',
        summary: `measures differently: ${moved.map(([a, b]) => `${a.role === 'number' ? '' : `${a.role} `}${formatNumber(b.value)} instead of ${formatNumber(a.value)}`).join(', ')}`,
        before: was.expr,
        after: now.expr,
        old: Object.fromEntries(moved.map(([a], i) => [numberKey(a.role, i), measure(a.value, a.role === 'quantile' ? 'ratio' : 'number')])),
        new: Object.fromEntries(moved.map(([a, b], i) => [numberKey(a.role, i), measure(b.value, a.role === 'quantile' ? 'ratio' : 'number')])),
      });
    }
  }
  changes.push(...compareFor(subject, 'alert', was.for, now.for));
  if (was.severity !== now.severity) changes.push(severityChange(subject, 'alert', was.severity, now.severity, urgency));
  const labels = union(Object.keys(was.labels), Object.keys(now.labels)).filter((l) => l !== 'severity' && was.labels[l] !== now.labels[l]);
  if (labels.length) {
    const named = (from: Readonly<Record<string, string>>): Values => Object.fromEntries(labels.filter((l) => from[l] !== undefined).map((l) => [l, { value: from[l]!, unit: 'name' as const }]));
    changes.push({ subject, kind: 'alert', sensitivity: 'neutral', summary: `labels changed: ${labels.map((l) => `${l}=${now.labels[l] ?? '(none)'} (was ${was.labels[l] ?? '(none)'})`).join(', ')}`, old: named(was.labels), new: named(now.labels) });
  }
  return changes;
}

function numberKey(role: string, index: number): string {
  return index === 0 ? role : `${role}${index + 1}`;
}

function threshold(comparison: Comparison): NumberMeasure {
  return { ...measure(comparison.value, comparison.quantity.unit), of: comparison.quantity.name, op: comparison.op };
}

/** A bigger number behind `>` (or a smaller one behind `<`) needs a worse value to fire. */
function lessSensitive(before: Comparison, after: Comparison): boolean {
  return before.op.startsWith('<') ? after.value < before.value : after.value > before.value;
}

function compareJobs(old: TreeState, next: TreeState): Change[] {
  const changes: Change[] = [];
  for (const job of union(old.jobs.keys(), next.jobs.keys())) {
    const was = old.jobs.get(job);
    const now = next.jobs.get(job);
    if (!was) changes.push({ subject: `scrape job ${job}`, kind: 'scrape', sensitivity: 'more', summary: `new scrape job with ${[...now!].join(', ') || 'discovered targets'}` });
    else if (!now) changes.push({ subject: `scrape job ${job}`, kind: 'scrape', sensitivity: 'less', summary: 'scrape job removed' });
    else changes.push(...addedRemoved(was, now, 'scrape', `target of ${job}`, 'more', 'less').map((c) => ({ ...c, subject: `scrape job ${job}` })));
  }
  return changes;
}

function compareRoutes(old: TreeState, next: TreeState): Change[] {
  return union(old.routes.keys(), next.routes.keys())
    .filter((severity) => old.routes.get(severity) !== next.routes.get(severity))
    .map((severity) => ({
      subject: `route severity=${severity}`,
      kind: 'routing' as const,
      sensitivity: (next.routes.has(severity) ? 'neutral' : 'less') as Sensitivity,
      summary: next.routes.has(severity) ? `goes to ${next.routes.get(severity)}${old.routes.has(severity) ? ` instead of ${old.routes.get(severity)}` : ' (new route)'}` : `route removed (went to ${old.routes.get(severity)})`,
      ...(old.routes.has(severity) ? { old: { receiver: { value: old.routes.get(severity)!, unit: 'name' as const } } } : {}),
      ...(next.routes.has(severity) ? { new: { receiver: { value: next.routes.get(severity)!, unit: 'name' as const } } } : {}),
    }));
}

function compareDashboards(old: TreeState, next: TreeState): Change[] {
  const changes: Change[] = [];
  for (const uid of union(old.dashboards.keys(), next.dashboards.keys())) {
    const was = old.dashboards.get(uid);
    const now = next.dashboards.get(uid);
    if (!was || !now) changes.push({ subject: `dashboard ${uid}`, kind: 'dashboard', sensitivity: 'neutral', summary: was ? 'dashboard removed' : `new dashboard with ${now!.size} panels` });
    else changes.push(...addedRemoved(was, now, 'dashboard', 'panel', 'neutral', 'neutral').map((c) => ({ ...c, subject: `dashboard ${uid}` })));
  }
  return changes;
}

function addedRemoved(old: ReadonlySet<string>, next: ReadonlySet<string>, kind: Change['kind'], what: string, added: Sensitivity, removed: Sensitivity): Change[] {
  return union(old, next)
    .filter((item) => old.has(item) !== next.has(item))
    .map((item) => ({ subject: item, kind, sensitivity: next.has(item) ? added : removed, summary: `${what} ${next.has(item) ? 'added' : 'removed'}: ${item}` }));
}

function errorRate(tier: TierState, slo: SloState): number {
  return tier.factor * (1 - (slo.objective ?? NaN));
}

function describeSlo(slo: SloState): string {
  const budget = slo.objective === undefined ? undefined : 1 - slo.objective;
  const period = slo.periodDays === undefined ? undefined : slo.periodDays * 86400;
  return `${slo.objective === undefined ? '?' : formatPercentRounded(slo.objective)} over ${period ? formatDuration(period) : '?'}, error budget ${budget === undefined ? '?' : formatPercentRounded(budget)}${budget !== undefined && period ? ` = ${formatDuration(Math.round(budget * period))}` : ''}`;
}

function describeTier(tier: TierState, slo: SloState): string {
  return `${tier.severity}, fires at ${formatPercentRounded(errorRate(tier, slo))} errors (${formatRounded(tier.factor)}x the budget) over ${tier.longWindow} and ${tier.shortWindow}, for ${tier.for}`;
}

function describeThreshold(alert: ThresholdState): string {
  const when = alert.comparisons.length === 0 ? `\`${alert.expr}\` has a result` : alert.comparisons.map((c) => `${c.quantity.name} ${c.op} ${formatIn(c.value, c.quantity.unit)}`).join(' and ');
  return `fires when ${when}${alert.for !== '0s' ? ` for ${alert.for}` : ''}`;
}

function sloValues(slo: SloState): Values {
  const values: Record<string, Measure> = {};
  const period = slo.periodDays === undefined ? undefined : slo.periodDays * 86400;
  if (slo.objective !== undefined) values.objective = measure(slo.objective, 'ratio');
  if (period !== undefined) values.period = measure(period, 'seconds');
  if (slo.objective !== undefined) values.errorBudget = measure(1 - slo.objective, 'ratio');
  if (slo.objective !== undefined && period !== undefined) values.errorBudgetTime = measure(Math.round((1 - slo.objective) * period), 'seconds');
  return values;
}

function tierValues(tier: TierState, slo: SloState): Values {
  return {
    firingErrorRatio: measure(errorRate(tier, slo), 'ratio'),
    burnRate: measure(tier.factor, 'budget_burn_rate'),
    longWindow: measure(parseDuration(tier.longWindow) ?? NaN, 'seconds'),
    shortWindow: measure(parseDuration(tier.shortWindow) ?? NaN, 'seconds'),
    for: measure(parseDuration(tier.for) ?? 0, 'seconds'),
    minRequestRate: measure(tier.minRequestRate ?? 0, 'events_per_second'),
    severity: { value: tier.severity, unit: 'name' },
  };
}

function thresholdValues(alert: ThresholdState): Values {
  return {
    ...Object.fromEntries(alert.comparisons.map((c, i) => [numberKey('threshold', i), threshold(c)])),
    for: measure(parseDuration(alert.for) ?? 0, 'seconds'),
    severity: { value: alert.severity, unit: 'name' },
  };
}

/** Exact in JSON without float noise: `0.02 * 720` is 14.4. */
function measure(value: number, unit: Unit): NumberMeasure {
  return { value: Number(formatNumber(value)), unit };
}

/** A SLO's tiers, shortest long window first, as they escalate. */
function tierKeys(before: SloState, after: SloState): string[] {
  const tiers = new Map([...before.tiers, ...after.tiers]);
  const seconds = (window: string) => parseDuration(window) ?? Infinity;
  return [...tiers.keys()].sort((a, b) => {
    const [x, y] = [tiers.get(a)!, tiers.get(b)!];
    return seconds(x.longWindow) - seconds(y.longWindow) || seconds(x.shortWindow) - seconds(y.shortWindow) || (a < b ? -1 : a > b ? 1 : 0);
  });
}

/** Critical tiers page; the others open tickets or chat messages. */
function pagesOrFires(tier: TierState): string {
  return tier.severity === 'critical' ? 'pages' : 'alerts';
}


function rateText(rate: number | undefined): string {
  return rate === undefined ? 'none (fires at any traffic)' : formatIn(rate, 'events_per_second');
}

function durationText(seconds: number): string {
  return seconds ? formatDuration(seconds) : 'nothing';
}

function union<T>(a: Iterable<T>, b: Iterable<T>): T[] {
  return [...new Set([...a, ...b])].sort();
}
