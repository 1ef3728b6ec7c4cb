/**
 * OpenSLO v1 (`openslo/v1`) → sloforge SLOs. An SLO names its SLI and alert policies
 * inline or by reference, so the documents of every file are read first and the SLOs
 * mapped after. Each objective becomes one sloforge SLO; each burn-rate AlertCondition a
 * tier (threshold = factor, lookbackWindow = long window, alertAfter = `for`).
 */
import type { AlertingConfig, SliConfig, SloConfig, TierConfig } from '../config/types.ts';
import { formatDuration, parseDuration } from '../model/duration.ts';
import { formatNumber } from '../model/number.ts';
import { BASE_WINDOW_SECONDS, defaultShortWindowSeconds, STEP_SECONDS } from '../model/windows.ts';
import type { Imported, ImportedSlo } from './imported.ts';
import { budgetPercentForFactor, isRecord, LossList, percentObjective, sloforgeName, userLabels } from './imported.ts';
import { type SourceRef, sourcePath } from './losses.ts';
import { counterQuery, isSelector } from './queries.ts';

type Spec = Record<string, unknown>;

export const OPENSLO_KINDS = ['SLO', 'SLI', 'AlertPolicy', 'AlertCondition', 'AlertNotificationTarget', 'Service', 'DataSource'] as const;

export interface OpenSloDocument {
  readonly document: Spec;
  readonly source: SourceRef;
}

/** Operators of thresholdMetric, and the comparison that makes an event bad. */
const BAD_WHEN: Record<string, string> = { lt: '>=', lte: '>', gt: '<=', gte: '<' };

export function importOpenSlo(documents: readonly OpenSloDocument[]): Imported {
  const byKind = (kind: string) => new Map(documents.filter((d) => d.document.kind === kind).map((d) => [name(d.document), d] as const));
  const slis = byKind('SLI');
  const policies = byKind('AlertPolicy');
  const conditions = byKind('AlertCondition');
  const slos: ImportedSlo[] = [];
  const dropped: Imported['dropped'][number][] = [];
  for (const { document, source } of documents.filter((d) => d.document.kind === 'SLO')) {
    const losses: LossList = new LossList(source);
    const spec = document.spec;
    if (!isRecord(spec)) losses.fail('spec', 'an OpenSLO SLO needs a spec');
    if (typeof spec.service !== 'string') losses.fail('spec.service', 'an OpenSLO SLO names its service');
    const service = sloforgeName(spec.service, 'spec.service', losses);
    const sloName = sloforgeName(name(document), 'metadata.name', losses);
    if (!Array.isArray(spec.objectives) || spec.objectives.length === 0) losses.fail('spec.objectives', 'an OpenSLO SLO needs at least one objective');
    const objectives: unknown[] = spec.objectives;
    const period = importPeriod(spec, losses);
    if (spec.budgetingMethod !== undefined && spec.budgetingMethod !== 'Occurrences' && hasRatio(spec, slis)) {
      losses.add('spec.budgetingMethod', `${String(spec.budgetingMethod)} budgets count good time slices; sloforge counts events (Occurrences) for a ratio SLI`);
    }
    const alerting = importAlertPolicies(spec.alertPolicies, period, policies, conditions, losses);
    const labels = userLabels(flatLabels(isRecord(document.metadata) ? document.metadata.labels : undefined), 'metadata.labels', losses);
    objectives.forEach((objective: unknown, index: number) => {
      const at = `spec.objectives[${index}]`;
      if (!isRecord(objective)) losses.fail(at, 'must be an object');
      const before = losses.items.length;
      const target = objective.targetPercent !== undefined ? percentObjective(objective.targetPercent, `${at}.targetPercent`, losses) : percentObjective(objective.target, `${at}.target`, losses, 100);
      const sli = importIndicator(spec, objective, at, slis, losses);
      const suffix = objectives.length > 1 ? `-${sloforgeName(String(objective.displayName ?? index), `${at}.displayName`, losses)}` : '';
      if (!sli) {
        dropped.push(...losses.items.slice(before).filter((l) => l.dropsSlo).map((loss) => ({ service, loss })));
        return;
      }
      const slo: SloConfig = {
        name: `${sloName}${suffix}`,
        ...(typeof spec.description === 'string' && spec.description !== '' ? { description: spec.description } : {}),
        objective: target,
        period: period.text,
        sli,
        ...(labels ? { labels } : {}),
        ...(alerting !== undefined ? { alerting } : {}),
      };
      slos.push({ service, slo, origin: { file: source.file, path: sourcePath(source, at) }, losses: losses.items.filter((l) => !l.dropsSlo) });
    });
  }
  return { slos, dropped };
}

function name(document: Spec): string {
  return isRecord(document.metadata) && typeof document.metadata.name === 'string' ? document.metadata.name : '';
}

/** OpenSLO labels may be lists of values; a Prometheus label holds one, so lists are joined with commas. */
function flatLabels(labels: unknown): Record<string, unknown> | undefined {
  if (!isRecord(labels)) return undefined;
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k.replace(/[^a-zA-Z0-9_]/g, '_'), Array.isArray(v) ? v.join(',') : v]));
}

function importPeriod(spec: Spec, losses: LossList): { text: string; seconds: number } {
  const windows = spec.timeWindow;
  const window = Array.isArray(windows) ? windows[0] : undefined;
  if (!isRecord(window) || typeof window.duration !== 'string') losses.fail('spec.timeWindow[0].duration', 'an OpenSLO SLO needs a time window with a duration such as 28d');
  const seconds = parseDuration(window.duration);
  if (seconds === undefined) losses.fail('spec.timeWindow[0].duration', `must be a duration such as 28d or 4w, got ${JSON.stringify(window.duration)}`);
  if (window.isRolling === false || isRecord(window.calendar)) {
    losses.add('spec.timeWindow[0]', 'a calendar-aligned window has no sloforge counterpart: the SLO is imported with a rolling period of the same length (sloforge report --month gives calendar months)');
  }
  return { text: window.duration, seconds };
}

function hasRatio(spec: Spec, slis: ReadonlyMap<string, OpenSloDocument>): boolean {
  const sli = isRecord(spec.indicator) ? spec.indicator : typeof spec.indicatorRef === 'string' ? slis.get(spec.indicatorRef)?.document : undefined;
  return isRecord(sli) && isRecord(sli.spec) && isRecord(sli.spec.ratioMetric);
}

function importIndicator(spec: Spec, objective: Spec, at: string, slis: ReadonlyMap<string, OpenSloDocument>, losses: LossList): SliConfig | undefined {
  let indicator: unknown = spec.indicator;
  let path = 'spec.indicator';
  const ref = typeof spec.indicatorRef === 'string' ? spec.indicatorRef : undefined;
  if (indicator === undefined && ref !== undefined) {
    indicator = slis.get(ref)?.document;
    if (indicator === undefined) losses.fail('spec.indicatorRef', `names SLI "${ref}", which no imported document defines`);
    path = `SLI ${ref}`;
  }
  if (!isRecord(indicator) || !isRecord(indicator.spec)) losses.fail('spec.indicator', 'an OpenSLO SLO needs an indicator or an indicatorRef');
  const sli = indicator.spec;
  if (isRecord(sli.ratioMetric)) return importRatio(sli.ratioMetric, `${path}.spec.ratioMetric`, losses);
  if (isRecord(sli.thresholdMetric)) return importThreshold(sli.thresholdMetric, objective, `${path}.spec.thresholdMetric`, at, losses);
  losses.fail(`${path}.spec`, 'an OpenSLO SLI needs a ratioMetric or a thresholdMetric');
}

/** The Prometheus query of a metricSource; other sources are losses. */
function prometheusQuery(metric: unknown, path: string, losses: LossList): string | undefined {
  const source = isRecord(metric) ? metric.metricSource : undefined;
  if (!isRecord(source)) losses.fail(`${path}.metricSource`, 'needs a metricSource');
  const spec = isRecord(source.spec) ? source.spec : {};
  const query = spec.query ?? spec.promql;
  if (typeof source.type === 'string' && source.type.toLowerCase() !== 'prometheus') {
    losses.add(`${path}.metricSource.type`, `metric source "${source.type}" is not Prometheus; sloforge reads Prometheus only`, true);
    return undefined;
  }
  if (typeof query !== 'string') losses.fail(`${path}.metricSource.spec.query`, 'needs a PromQL query');
  return query.trim();
}

function counterSelector(query: string): string | undefined {
  if (isSelector(query)) return query;
  return counterQuery(query.replace(/\[[0-9a-z]+\]/, '[$window]'))?.selector;
}

function importRatio(ratio: Spec, path: string, losses: LossList): SliConfig | undefined {
  if (ratio.good === undefined && ratio.bad === undefined) losses.fail(path, 'a ratioMetric needs good or bad, and total');
  const bad = ratio.bad === undefined ? undefined : prometheusQuery(ratio.bad, `${path}.bad`, losses);
  const good = ratio.bad !== undefined ? undefined : prometheusQuery(ratio.good, `${path}.good`, losses);
  const events = bad ?? good;
  // One loss for a source that is not Prometheus: the first query that says so.
  const total = events === undefined ? undefined : prometheusQuery(ratio.total, `${path}.total`, losses);
  if (events === undefined || total === undefined) return undefined;
  const eventsSelector = counterSelector(events);
  const totalSelector = counterSelector(total);
  if (ratio.counter === false || !eventsSelector || !totalSelector) {
    losses.add(path, 'sloforge needs counters it can take the rate of (a selector, or sum(rate(selector[...]))); these queries are not: write the SLI by hand', true);
    return undefined;
  }
  return { ratio: { ...(bad !== undefined ? { errors: eventsSelector } : { good: eventsSelector }), total: totalSelector } };
}

/** Good while the value satisfies `op value`: the share of time it does not is the error ratio. */
function importThreshold(threshold: Spec, objective: Spec, path: string, at: string, losses: LossList): SliConfig | undefined {
  const query = prometheusQuery(threshold, path, losses);
  if (query === undefined) return undefined;
  const op = objective.op;
  if (typeof op !== 'string' || !(op in BAD_WHEN)) losses.fail(`${at}.op`, `a thresholdMetric objective needs op lt, lte, gt or gte, got ${JSON.stringify(op)}`);
  if (typeof objective.value !== 'number') losses.fail(`${at}.value`, `a thresholdMetric objective needs a numeric value, got ${JSON.stringify(objective.value)}`);
  losses.add(path, 'a threshold metric is imported as a raw SLI: the share of 1m samples in each window where the value is bad; windows of a day or more average it over time');
  return { raw: { errorRatio: `avg_over_time(((${query}) ${BAD_WHEN[op]} bool ${formatNumber(objective.value)})[$window:1m])` } };
}

function importAlertPolicies(
  refs: unknown,
  period: { seconds: number },
  policies: ReadonlyMap<string, OpenSloDocument>,
  conditions: ReadonlyMap<string, OpenSloDocument>,
  losses: LossList,
): AlertingConfig | undefined {
  if (!Array.isArray(refs) || refs.length === 0) return undefined;
  const tiers: Record<string, TierConfig | false> = { fastPage: false, slowPage: false, fastTicket: false, slowTicket: false };
  let noData = false;
  refs.forEach((ref: unknown, index: number) => {
    const at = `spec.alertPolicies[${index}]`;
    const policy = resolve(ref, 'AlertPolicy', policies, at, losses);
    if (!isRecord(policy.spec)) losses.fail(at, 'an AlertPolicy needs a spec');
    if (policy.spec.alertWhenNoData === true) noData = true;
    if (Array.isArray(policy.spec.notificationTargets) && policy.spec.notificationTargets.length > 0) {
      losses.add(`${at}.notificationTargets`, 'notification targets are not imported: route the alerts in the alertmanager section');
    }
    const list = Array.isArray(policy.spec.conditions) ? policy.spec.conditions : [];
    list.forEach((conditionRef: unknown, c: number) => {
      const conditionAt = `${at}.conditions[${c}]`;
      const condition = resolve(conditionRef, 'AlertCondition', conditions, conditionAt, losses);
      const tier = importCondition(condition, period.seconds, conditionAt, losses);
      if (tier) tiers[tierName(name(condition) || `${name(policy)}-${c}`)] = tier;
    });
  });
  return { tiers, ...(noData ? {} : { noData: false }) };
}

function tierName(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[^A-Za-z]+/, '') || 'imported';
}

/** An inline document, `{ kind, metadata, spec }`, or a reference `{ alertPolicyRef | conditionRef: name }`. */
function resolve(ref: unknown, kind: string, known: ReadonlyMap<string, OpenSloDocument>, at: string, losses: LossList): Spec {
  if (isRecord(ref) && ref.kind === kind) return ref;
  const refName = isRecord(ref) ? (ref.alertPolicyRef ?? ref.conditionRef ?? ref.targetRef) : ref;
  const found = typeof refName === 'string' ? known.get(refName)?.document : undefined;
  if (!found) losses.fail(at, `names ${kind} ${JSON.stringify(refName)}, which no imported document defines`);
  return found;
}

function importCondition(condition: Spec, periodSeconds: number, at: string, losses: LossList): TierConfig | undefined {
  const spec = isRecord(condition.spec) ? condition.spec : {};
  const rule = isRecord(spec.condition) ? spec.condition : {};
  if (rule.kind !== 'burnrate') {
    losses.add(`${at}.condition.kind`, `condition kind ${JSON.stringify(rule.kind)} is not a burn rate; only burnrate conditions are imported`);
    return undefined;
  }
  const factor = typeof rule.threshold === 'number' ? rule.threshold : Number(rule.threshold);
  const longWindow = typeof rule.lookbackWindow === 'string' ? parseDuration(rule.lookbackWindow) : undefined;
  if (!Number.isFinite(factor) || factor <= 0) losses.fail(`${at}.condition.threshold`, `a burn-rate threshold must be a number above 0, got ${JSON.stringify(rule.threshold)}`);
  if (longWindow === undefined) losses.fail(`${at}.condition.lookbackWindow`, `must be a duration such as 1h, got ${JSON.stringify(rule.lookbackWindow)}`);
  if (rule.op !== undefined && rule.op !== 'gte' && rule.op !== 'gt') losses.add(`${at}.condition.op`, `op ${String(rule.op)} fires below a burn rate; sloforge's tiers fire above it`);
  const alertAfter = typeof rule.alertAfter === 'string' ? rule.alertAfter : undefined;
  const shortWindow = importedShortWindow(longWindow);
  return {
    budgetPercent: budgetPercentForFactor(factor, longWindow, periodSeconds),
    longWindow: rule.lookbackWindow as string,
    shortWindow: formatDuration(shortWindow),
    severity: typeof spec.severity === 'string' ? spec.severity.toLowerCase() : 'warning',
    ...(alertAfter ? { for: alertAfter } : {}),
  };
}

/**
 * sloforge's short window for OpenSLO, which has none: a twelfth of the long window, and
 * below 5m the nearest whole minute, at least 1m (sloforge sums short windows from
 * per-minute increases).
 */
function importedShortWindow(longWindowSeconds: number): number {
  const twelfth = defaultShortWindowSeconds(longWindowSeconds);
  return twelfth >= BASE_WINDOW_SECONDS ? twelfth : Math.max(STEP_SECONDS, Math.round(twelfth / STEP_SECONDS) * STEP_SECONDS);
}
