/**
 * Two tree states compared as alerting meaning, not as text: each change says what it
 * does to detection ("pages later: fires at 1.44% errors instead of 0.72%") and whether
 * alerting became more or less sensitive.
 */
import { formatDuration, parseDuration } from '../model/duration.ts';
import { formatNumber, formatPercent } from '../model/number.ts';
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
}

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
    if (!before) changes.push({ subject: key, kind: 'slo', sensitivity: 'more', summary: `new SLO: ${describeSlo(after!)}` });
    else if (!after) changes.push({ subject: key, kind: 'slo', sensitivity: 'less', summary: `SLO removed, with its ${before.tiers.size} alerts (was ${describeSlo(before)})` });
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
      summary: `${before.objective === after.objective ? 'period' : tighter ? 'objective tightened' : 'objective loosened'}: ${describeSlo(after)} (was ${describeSlo(before)})`,
    });
  }
  for (const tierKey of union(before.tiers.keys(), after.tiers.keys())) {
    const subject = `${key} ${tierKey}`;
    const was = before.tiers.get(tierKey);
    const now = after.tiers.get(tierKey);
    if (!was) changes.push({ subject, kind: 'tier', sensitivity: 'more', summary: `new alert tier: ${describeTier(now!, after)}` });
    else if (!now) changes.push({ subject, kind: 'tier', sensitivity: 'less', summary: `alert tier removed (was ${describeTier(was, before)})` });
    else changes.push(...compareTier(subject, was, before, now, after, urgency));
  }
  return changes;
}

function compareTier(subject: string, was: TierState, before: SloState, now: TierState, after: SloState, urgency: Urgency): Change[] {
  const changes: Change[] = [];
  const wasRate = errorRate(was, before);
  const nowRate = errorRate(now, after);
  if (formatNumber(wasRate) !== formatNumber(nowRate)) {
    const later = nowRate > wasRate;
    changes.push({
      subject,
      kind: 'tier',
      sensitivity: later ? 'less' : 'more',
      summary: `${pagesOrFires(now)} ${later ? 'later' : 'sooner'}: fires at ${formatPercent(nowRate)} errors instead of ${formatPercent(wasRate)} (${formatNumber(now.factor)}x the budget, was ${formatNumber(was.factor)}x)`,
    });
  } else if (was.factor !== now.factor) {
    changes.push({ subject, kind: 'tier', sensitivity: 'neutral', summary: `burn-rate factor ${formatNumber(now.factor)}x instead of ${formatNumber(was.factor)}x, at the same ${formatPercent(nowRate)} errors` });
  }
  if (was.minRequestRate !== now.minRequestRate) {
    const higher = (now.minRequestRate ?? 0) > (was.minRequestRate ?? 0);
    changes.push({ subject, kind: 'tier', sensitivity: higher ? 'less' : 'more', summary: `fires only above ${rateText(now.minRequestRate)} instead of ${rateText(was.minRequestRate)}` });
  }
  const wasFor = parseDuration(was.for) ?? 0;
  const nowFor = parseDuration(now.for) ?? 0;
  if (wasFor !== nowFor) {
    changes.push({ subject, kind: 'tier', sensitivity: nowFor > wasFor ? 'less' : 'more', summary: `waits ${durationText(nowFor)} before firing instead of ${durationText(wasFor)}` });
  }
  if (was.severity !== now.severity) changes.push(severityChange(subject, 'tier', was.severity, now.severity, urgency));
  return changes;
}

/** Severities most urgent first, as the new tree routes them; a move down that list is less sensitive. */
type Urgency = readonly string[];

function severityChange(subject: string, kind: Change['kind'], was: string, now: string, urgency: Urgency): Change {
  const before = urgency.indexOf(was);
  const after = urgency.indexOf(now);
  const sensitivity: Sensitivity = before === -1 || after === -1 ? 'neutral' : after > before ? 'less' : 'more';
  return { subject, kind, sensitivity, summary: `severity ${now} instead of ${was}${sensitivity === 'less' ? ' (less urgent)' : sensitivity === 'more' ? ' (more urgent)' : ''}` };
}

function compareThresholds(old: TreeState, next: TreeState, urgency: Urgency): Change[] {
  const changes: Change[] = [];
  for (const key of union(old.thresholds.keys(), next.thresholds.keys())) {
    const was = old.thresholds.get(key);
    const now = next.thresholds.get(key);
    if (!was) changes.push({ subject: key, kind: 'alert', sensitivity: 'more', summary: `new alert (${now!.severity}): ${now!.expr}` });
    else if (!now) changes.push({ subject: key, kind: 'alert', sensitivity: 'less', summary: `alert removed (was ${was.severity}: ${was.expr})` });
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
      changes.push({ subject, kind: 'alert', sensitivity: less ? 'less' : 'more', summary: `fires ${less ? 'later' : 'sooner'}: when the value is ${after.op} ${formatNumber(after.value)} instead of ${before.op} ${formatNumber(before.value)}` });
    });
    // Numbers that are not thresholds (a quantile, a capacity) change what is measured: shown, not ranked.
    const thresholds = new Set(was.comparisons.map((c) => c.value));
    const moved = was.numbers.map((n, i) => [n, now.numbers[i]!] as const).filter(([a, b]) => a !== b && !thresholds.has(a));
    if (moved.length) {
      changes.push({ subject, kind: 'alert', sensitivity: 'neutral', summary: `measures differently: ${moved.map(([a, b]) => `${formatNumber(b)} instead of ${formatNumber(a)}`).join(', ')}`, before: was.expr, after: now.expr });
    }
  }
  const wasFor = parseDuration(was.for) ?? 0;
  const nowFor = parseDuration(now.for) ?? 0;
  if (wasFor !== nowFor) changes.push({ subject, kind: 'alert', sensitivity: nowFor > wasFor ? 'less' : 'more', summary: `waits ${durationText(nowFor)} before firing instead of ${durationText(wasFor)}` });
  if (was.severity !== now.severity) changes.push(severityChange(subject, 'alert', was.severity, now.severity, urgency));
  const labels = union(Object.keys(was.labels), Object.keys(now.labels)).filter((l) => l !== 'severity' && was.labels[l] !== now.labels[l]);
  if (labels.length) changes.push({ subject, kind: 'alert', sensitivity: 'neutral', summary: `labels changed: ${labels.map((l) => `${l}=${now.labels[l] ?? '(none)'} (was ${was.labels[l] ?? '(none)'})`).join(', ')}` });
  return changes;
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
  return `${slo.objective === undefined ? '?' : formatPercent(slo.objective)} over ${period ? formatDuration(period) : '?'}, error budget ${budget === undefined ? '?' : formatPercent(budget)}${budget !== undefined && period ? ` = ${formatDuration(Math.round(budget * period))}` : ''}`;
}

function describeTier(tier: TierState, slo: SloState): string {
  return `${tier.severity}, fires at ${formatPercent(errorRate(tier, slo))} errors (${formatNumber(tier.factor)}x) over ${tier.longWindow}/${tier.shortWindow}, for ${tier.for}`;
}

/** Critical tiers page; the others open tickets or chat messages. */
function pagesOrFires(tier: TierState): string {
  return tier.severity === 'critical' ? 'pages' : 'alerts';
}


function rateText(rate: number | undefined): string {
  return rate === undefined ? 'any traffic' : `${formatNumber(rate)} events/s`;
}

function durationText(seconds: number): string {
  return seconds ? formatDuration(seconds) : 'nothing';
}

function union<T>(a: Iterable<T>, b: Iterable<T>): T[] {
  return [...new Set([...a, ...b])].sort();
}
