/**
 * The one mapping from the config shape to the model. It assumes the JSON Schema
 * passed and reports every semantic problem (names, labels, windows, PromQL) at once.
 */
import type { AlertingConfig, Labels as LabelsConfig, SliConfig, SloConfig, SloforgeConfig, TierConfig } from './types.ts';
import { DiagnosticList } from './diagnostics.ts';
import { byName, checkAlertName, checkDurations, checkLabelNames, checkSeverities, checkTemplate, checkTemplates, checkUnique, secondsAt, selectorAt, sortLabels, window, windowOfSeconds, type Path } from './checks.ts';
import { syntaxError } from './promql.ts';
import { formatNumber } from '../model/number.ts';
import { formatDuration } from '../model/duration.ts';
import { compareCodePoints } from '../model/order.ts';
import {
  BASE_WINDOW_SECONDS,
  DEFAULT_TIERS,
  STEP_SECONDS,
  burnFactor,
  defaultNoDataForSeconds,
  defaultShortWindowSeconds,
} from '../model/windows.ts';
import { DEFAULT_ALERT_NAME, IDENTITY_LABELS, RAW_WINDOW_PLACEHOLDER, recordedGroupLabel } from '../model/conventions.ts';
import { groupByOfSource } from '../model/group-labels.ts';
import { groupTestValue } from '../model/label-match.ts';
import type { Alerting, BurnRateTier, Model, PrometheusSettings, Selector, Service, Sli, Slo, Window } from '../model/slo.ts';
import { toProbes, toScrape } from './targets-to-model.ts';
import { checkAddress, checkCredentials } from './urls.ts';
import { toThresholdAlert } from './alerts-to-model.ts';
import { toRouting } from './routing-to-model.ts';
import { toDashboards, toGrafana } from './dashboards-to-model.ts';
import { checkSelectorTargets } from './selector-targets.ts';
import { toKubernetes } from './kubernetes-to-model.ts';
import { toSla } from './sla-to-model.ts';
import { withMaintenance } from './maintenance-to-model.ts';
import { toTopology } from './topology-to-model.ts';

const DEFAULT_PERIOD = '30d';
const DEFAULT_NO_DATA_SEVERITY = 'warning';
/** Who uses a default severity: a tier's name, or this for the no-data alert. */
const NO_DATA_USER = '(no data)';
const DEFAULT_LONG_WINDOW_INTERVAL = '5m';
/** Long enough that a rolling deploy or a scrape's skew passes, short enough to ticket the same hour. */
const DEFAULT_SLI_BROKEN_FOR = '10m';
const MIN_PERIOD_SECONDS = 86400;
/** The period SLI sums hourly rates that must not go stale between evaluations (5m lookback). */
const MAX_LONG_WINDOW_INTERVAL_SECONDS = 300;

export function toModel(config: SloforgeConfig, source: string, problems = new DiagnosticList()): { model: Model; problems: DiagnosticList } {
  checkDurations(config, [], problems);
  checkSeverities(config, [], problems);
  checkAlertName(config.alerting?.name, ['alerting', 'name'], problems);
  const longWindowInterval = window(config.rules?.longWindowInterval ?? DEFAULT_LONG_WINDOW_INTERVAL);
  if (longWindowInterval.seconds > MAX_LONG_WINDOW_INTERVAL_SECONDS) {
    problems.add(['rules', 'longWindowInterval'], `must be at most 5m (the period SLI reads hourly rates that go stale after 5m), got "${longWindowInterval.text}"`);
  }
  checkUnique(config.services.map((s) => s.name), ['services'], 'service', problems);
  checkAlertingTemplates(config.alerting, ['alerting'], problems);
  checkLabelNames(config.alerting?.labels, ['alerting', 'labels'], problems);
  const routing = toRouting(config.alertmanager, problems);
  // Undeclared severities that come from defaults, by level: the alerts that use them and the fields that would set them.
  const undeclaredDefaults = new Map<string, { users: Set<string>; fields: Set<string> }>();
  const annotationsOf = (level: string, at: Path | undefined, fallback?: { user: string; field: string }) => {
    const annotations: Record<string, string> = {};
    if (!routing) return annotations;
    const known = routing.severities.find((s) => s.name === level);
    if (known?.responseTarget) annotations.response_target = known.responseTarget;
    if (known) return annotations;
    if (at) problems.add(at, `severity "${level}" is not one of alertmanager.severities (${routing.severities.map((s) => s.name).join(', ')})`);
    else {
      const entry = undeclaredDefaults.get(level) ?? { users: new Set(), fields: new Set() };
      entry.users.add(fallback!.user);
      entry.fields.add(fallback!.field);
      undeclaredDefaults.set(level, entry);
    }
    return annotations;
  };
  // A config with levels of its own and no `warning` gets its least urgent level instead.
  const lowest = routing && !routing.severities.some((s) => s.name === 'warning') ? routing.severities[routing.severities.length - 1]?.name : undefined;
  const severity: SeverityAnnotations = Object.assign(annotationsOf, { lowUrgency: lowest ?? 'warning' });
  const configured = config.services.map((service, index): Service => {
    const path = ['services', index];
    checkLabelNames(service.labels, [...path, 'labels'], problems);
    checkUnique(service.slos.map((s) => s.name), [...path, 'slos'], 'SLO', problems);
    const slos = service.slos.map((slo, sloIndex) => toSlo(service.name, service.labels ?? {}, slo, config, severity, [...path, 'slos', sloIndex], problems));
    const scrape = toScrape(service.name, service.scrape, [...path, 'scrape'], problems);
    const probes = toProbes(service.name, service.probes, [...path, 'probes'], problems);
    const alerts = (service.alerts ?? []).map((alert, alertIndex) => {
      const at = [...path, 'alerts', alertIndex];
      const model = toThresholdAlert(alert, config.alerting, { scrape, probes }, at, problems);
      return { ...model, annotations: { ...model.annotations, ...severity(alert.severity, [...at, 'severity']) } };
    });
    return { name: service.name, labels: sortLabels(service.labels ?? {}), slos: byName(slos), scrape, probes, alerts, ...(service.tests === 'full' ? { tests: 'full' as const } : {}) };
  });
  const services = withMaintenance(config, configured, problems);
  const prometheus = toPrometheus(config.prometheus, problems);
  services.forEach((service, index) => {
    const scrape = service.scrape;
    if (!scrape) return;
    const interval = scrape.interval ?? prometheus.scrapeInterval;
    const timeout = scrape.timeout ?? (prometheus.scrapeTimeout.seconds > interval.seconds ? interval : prometheus.scrapeTimeout);
    if (timeout.seconds > interval.seconds) problems.add(['services', index, 'scrape', 'timeout'], `must not be longer than the scrape interval (${interval.text}), got ${timeout.text}`);
  });
  const jobs = services.flatMap((s) => [s.scrape?.job, s.probes?.job]).filter((job): job is string => job !== undefined);
  jobs.forEach((job, index) => {
    if (jobs.indexOf(job) !== index) problems.add(['services'], `two scrape jobs are named "${job}"; job names must be unique`);
  });
  checkSelectorTargets(config, services, problems);
  // A default the user never wrote is reported where they did write: the list of levels.
  for (const [level, { users, fields }] of undeclaredDefaults) {
    const declared = routing!.severities.map((s) => `"${s.name}"`).join(', ');
    const tiers = [...users].filter((user) => user !== NO_DATA_USER);
    const who = [...(tiers.length ? [`the default tier${tiers.length > 1 ? 's' : ''} ${listed(tiers)}`] : []), ...(users.has(NO_DATA_USER) ? ['the no-data alert'] : [])];
    problems.add(['alertmanager', 'severities'], `has no "${level}", which ${who.join(', and ')} use${users.size === 1 ? 's' : ''} by default; declare "${level}" here, or set ${listed([...fields])} to one of ${declared}`);
  }
  const dashboards = toDashboards(config.dashboards, problems);
  const topology = toTopology(config, prometheus.alertmanagers, problems);
  return {
    model: { source, services: byName(services), longWindowInterval, prometheus, routing, grafana: toGrafana(config.grafana, problems), dashboards, kubernetes: toKubernetes(config, dashboards, problems), ...(topology ? { topology } : {}) },
    problems,
  };
}

/** The annotations an alerting section adds, each a template Prometheus must be able to parse. */
function checkAlertingTemplates(alerting: AlertingConfig | undefined, path: Path, problems: DiagnosticList): void {
  checkTemplate(alerting?.runbookUrl, [...path, 'runbookUrl'], problems);
  if (alerting?.runbookUrl) checkCredentials(alerting.runbookUrl, [...path, 'runbookUrl'], problems);
  checkTemplates(alerting?.annotations, [...path, 'annotations'], problems);
  for (const [name, tier] of Object.entries(alerting?.tiers ?? {})) if (tier) checkTemplates(tier.annotations, [...path, 'tiers', name, 'annotations'], problems);
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * Checks that a severity is a declared level and returns the annotations that level adds.
 * `path` is where the config wrote it; a default has none, and says who uses it and which field would set it.
 */
type SeverityAnnotations = ((severity: string, path: Path | undefined, fallback?: { user: string; field: string }) => Record<string, string>) & {
  /** The level for tickets sloforge raises of its own (SLIBroken): `warning`, or the least urgent declared level. */
  readonly lowUrgency: string;
};

function toPrometheus(config: SloforgeConfig['prometheus'], problems: DiagnosticList): PrometheusSettings {
  const scrapeInterval = window(config?.scrapeInterval ?? '1m');
  // Prometheus refuses a timeout longer than the interval; the default follows a short interval down.
  const scrapeTimeout = config?.scrapeTimeout ? window(config.scrapeTimeout) : scrapeInterval.seconds < 10 ? scrapeInterval : window('10s');
  const alertmanagers = config?.alertmanagers ?? ['127.0.0.1:9093'];
  alertmanagers.forEach((target, index) => checkAddress(target, ['prometheus', 'alertmanagers', index], problems));
  if (scrapeTimeout.seconds > scrapeInterval.seconds) problems.add(['prometheus', 'scrapeTimeout'], `must not be longer than scrapeInterval (${scrapeInterval.text}), got ${scrapeTimeout.text}`);
  return {
    scrapeInterval,
    scrapeTimeout,
    evaluationInterval: window(config?.evaluationInterval ?? '1m'),
    externalLabels: sortLabels(config?.externalLabels ?? {}),
    alertmanagers,
  };
}

function toSlo(
  service: string,
  serviceLabels: LabelsConfig,
  slo: SloConfig,
  config: Pick<SloforgeConfig, 'alerting' | 'sla'>,
  severity: SeverityAnnotations,
  path: Path,
  problems: DiagnosticList,
): Slo {
  if (slo.objective <= 1) {
    problems.add([...path, 'objective'], `is a percentage (0 < objective < 100); ${slo.objective} means ${slo.objective}%. Did you mean ${formatNumber(slo.objective * 100)}?`);
  }
  checkLabelNames(slo.labels, [...path, 'labels'], problems);
  if (slo.alerting) checkAlertingTemplates(slo.alerting, [...path, 'alerting'], problems);
  if (slo.alerting) checkAlertName(slo.alerting.name, [...path, 'alerting', 'name'], problems);
  const period = window(slo.period ?? DEFAULT_PERIOD);
  if (period.seconds < MIN_PERIOD_SECONDS) problems.add([...path, 'period'], `must be at least 1d (the period SLI sums hourly rates), got "${period.text}"`);
  const { sli, groupBy: sourceLabels } = toSli(slo.sli, [...path, 'sli'], problems);
  const groupByAt = [...path, 'sli', Object.keys(slo.sli)[0] ?? 'ratio', 'groupBy'];
  checkGroupTestValues(sli, sourceLabels, groupByAt, problems);
  const groups = groupByOfSource(sourceLabels);
  checkRecordedGroupLabels(sourceLabels, groupByAt, problems);
  const labels = sortLabels({ ...serviceLabels, ...slo.labels });
  for (const label of groups.groupBy.filter((l) => l in labels)) {
    problems.add([...path, 'sli'], `groups by "${label}", which the SLO's labels also set: every group would get the same value; drop one of them`);
  }
  const objective = Number(formatNumber(slo.objective / 100));
  if (objective >= 1 && slo.objective > 1) problems.add([...path, 'objective'], `must be below 100, and ${slo.objective} is 100 at the precision sloforge writes numbers in; leave some error budget (99.999, say)`);
  // A wrong objective makes every tier look impossible: report the objective alone.
  const alertingProblems = slo.objective <= 1 ? new DiagnosticList() : problems;
  const alerting = slo.alerting === false ? undefined : toAlerting(config.alerting, slo.alerting, { objective, period, path, periodAt: slo.period ? [...path, 'period'] : undefined }, severity, path, alertingProblems);
  if (sli.kind === 'uptime' || sli.kind === 'raw') {
    for (const tier of alerting?.tiers.filter((t) => t.minRequestRate !== undefined) ?? []) {
      problems.add([...path, 'alerting', 'tiers', tier.name, 'minRequestRate'], `counts requests, which ${sli.kind === 'uptime' ? 'an' : 'a'} ${sli.kind} SLI has none of`);
    }
  }
  return {
    service,
    name: slo.name,
    description: slo.description,
    objective,
    objectivePercent: slo.objective,
    period,
    sli,
    ...groups,
    labels,
    alerting,
    ...withSla(toSla(config.sla, slo.sla, { objectivePercent: slo.objective }, path, problems)),
  };
}

/** Only an SLO with an SLA carries the key, so every other SLO's model stays as it was. */
function withSla(sla: Slo['sla']): Pick<Slo, 'sla'> {
  return sla ? { sla } : {};
}

function toSli(config: SliConfig, path: Path, problems: DiagnosticList): { sli: Sli; groupBy: string[] } {
  const selector = (text: string, at: Path): Selector => selectorAt(text, at, problems);
  const groupBy = (labels: readonly string[] | undefined, at: Path) => {
    checkGroupByNames(labels, [...at, 'groupBy'], problems);
    return [...(labels ?? [])].sort();
  };
  if ('ratio' in config) {
    const { errors, good, total } = config.ratio;
    const at = [...path, 'ratio'];
    if ((errors === undefined) === (good === undefined)) {
      problems.add(at, 'needs exactly one of "errors" (failed events) or "good" (successful events), beside "total"');
    }
    const events = errors !== undefined ? 'errors' : 'good';
    const eventsSelector = selector(errors ?? good ?? '', [...at, events]);
    const totalSelector = selector(total, [...at, 'total']);
    if (sameSelector(eventsSelector, totalSelector)) {
      problems.add([...at, events], `selects the same series as "total"; ${events === 'errors' ? 'errors' : 'good events'} must be a subset of all events, e.g. with a matcher such as code=~"5.."`);
    }
    const by = groupBy(config.ratio.groupBy, at);
    for (const label of by) {
      const fixed = eventsSelector.matchers.find((m) => m.name === label && m.op === '=');
      if (fixed) problems.add([...at, 'groupBy'], `groups by "${label}", which "${events}" fixes to "${fixed.value}": every other group would count no ${events === 'errors' ? 'errors' : 'good events'}; group by a label both selectors leave open`);
    }
    return { sli: { kind: 'ratio', events, selector: eventsSelector, total: totalSelector }, groupBy: by };
  }
  if ('latency' in config) {
    const at = [...path, 'latency'];
    const histogram = selector(config.latency.histogram, [...at, 'histogram']);
    if (/_(bucket|count|sum)$/.test(histogram.metric)) {
      problems.add([...at, 'histogram'], `names the histogram without its suffix: "${histogram.metric.replace(/_(bucket|count|sum)$/, '')}"`);
    }
    if (histogram.matchers.some((m) => m.name === 'le')) problems.add([...at, 'histogram'], 'matches "le", which sloforge sets to the threshold\'s bucket; select the histogram without it');
    if (config.latency.groupBy?.includes('le')) problems.add([...at, 'groupBy', 'le'], 'is the bucket label sloforge sums over; a latency SLI cannot be grouped by it');
    const thresholdSeconds = secondsAt(config.latency.threshold, [...at, 'threshold'], problems);
    return { sli: { kind: 'latency', histogram, thresholdSeconds }, groupBy: groupBy(config.latency.groupBy, at) };
  }
  if ('uptime' in config) {
    const at = [...path, 'uptime'];
    return { sli: { kind: 'uptime', gauge: selector(config.uptime.gauge, [...at, 'gauge']) }, groupBy: groupBy(config.uptime.groupBy, at) };
  }
  const at = [...path, 'raw'];
  const { errorRatio } = config.raw;
  if (!errorRatio.includes(RAW_WINDOW_PLACEHOLDER)) {
    problems.add([...at, 'errorRatio'], `must contain ${RAW_WINDOW_PLACEHOLDER} where the range goes, e.g. rate(errors_total[${RAW_WINDOW_PLACEHOLDER}])`);
  }
  const error = syntaxError(errorRatio.replaceAll(RAW_WINDOW_PLACEHOLDER, '5m'), 'a rule result');
  if (error) problems.add([...at, 'errorRatio'], `${error} (with ${RAW_WINDOW_PLACEHOLDER} read as 5m)`);
  return { sli: { kind: 'raw', errorRatio }, groupBy: groupBy(config.raw.groupBy, at) };
}

/** One metric and the same matchers, in any order. */
function sameSelector(a: Selector, b: Selector): boolean {
  const key = (s: Selector) => [s.metric, ...s.matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).sort()].join(',');
  return key(a) === key(b);
}

function toAlerting(
  defaults: AlertingConfig | undefined,
  own: AlertingConfig | undefined,
  slo: SloShape,
  severity: SeverityAnnotations,
  path: Path,
  problems: DiagnosticList,
): Alerting {
  const at = [...path, 'alerting'];
  checkLabelNames(own?.labels, [...at, 'labels'], problems);
  const { merged, written } = mergeTiers([
    { tiers: defaults?.tiers, at: ['alerting', 'tiers'] },
    { tiers: own?.tiers, at: [...at, 'tiers'] },
  ]);
  const tiers = Object.entries(merged)
    .filter((entry): entry is [string, TierConfig] => entry[1] !== false)
    .map(([name, tier]) => ({ tier: toTier(name, tier, written[name]!, slo, problems), writtenAt: written[name]! }))
    .map(({ tier, writtenAt }) => ({
      ...tier,
      annotations: { ...severity(tier.severity, writtenAt.severity, { user: tier.name, field: `alerting.tiers.${tier.name}.severity` }), ...tier.annotations },
      declaredAt: writtenAt.tier,
    }))
    .sort((a, b) => a.longWindow.seconds - b.longWindow.seconds || compareCodePoints(a.name, b.name));
  tiers.forEach((tier, index) => {
    const twin = tiers.findIndex((other) => other.longWindow.seconds === tier.longWindow.seconds && other.shortWindow.seconds === tier.shortWindow.seconds);
    if (twin >= index) return;
    // Reported at the tier the user wrote, which names the other.
    const [reported, other] = tier.declaredAt || !tiers[twin]!.declaredAt ? [tier, tiers[twin]!] : [tiers[twin]!, tier];
    const where = reported.declaredAt ?? [...at, 'tiers', reported.name];
    problems.add(where, `has the same windows (${tier.longWindow.text}/${tier.shortWindow.text}) as tier "${other.name}"; their alerts would be indistinguishable${forSlo(where, slo, problems)}`);
  });
  const noData = own?.noData === false || (own?.noData === undefined && defaults?.noData === false) ? false : { ...(defaults?.noData || {}), ...(own?.noData || {}) };
  const noDataSeverityAt = own?.noData && own.noData.severity !== undefined ? [...at, 'noData', 'severity'] : defaults?.noData && defaults.noData.severity !== undefined ? ['alerting', 'noData', 'severity'] : undefined;
  const sliBroken = own?.sliBroken === false || (own?.sliBroken === undefined && defaults?.sliBroken === false) ? false : { ...(defaults?.sliBroken || {}), ...(own?.sliBroken || {}) };
  const sliBrokenSeverityAt = own?.sliBroken && own.sliBroken.severity !== undefined ? [...at, 'sliBroken', 'severity'] : defaults?.sliBroken && defaults.sliBroken.severity !== undefined ? ['alerting', 'sliBroken', 'severity'] : undefined;
  return {
    alertName: own?.name ?? defaults?.name ?? DEFAULT_ALERT_NAME,
    runbookUrl: own?.runbookUrl ?? defaults?.runbookUrl,
    labels: sortLabels({ ...defaults?.labels, ...own?.labels }),
    annotations: sortLabels({ ...defaults?.annotations, ...own?.annotations }),
    tiers: tiers.map(({ declaredAt: _, ...tier }) => tier),
    noData:
      noData === false
        ? undefined
        : {
            for: noData.for ? window(noData.for) : windowOfSeconds(defaultNoDataForSeconds(slo.objective, slo.period.seconds)),
            severity: noData.severity ?? DEFAULT_NO_DATA_SEVERITY,
            annotations: severity(noData.severity ?? DEFAULT_NO_DATA_SEVERITY, noDataSeverityAt, { user: NO_DATA_USER, field: 'alerting.noData.severity' }),
          },
    sliBroken:
      sliBroken === false
        ? undefined
        : {
            for: window(sliBroken.for ?? DEFAULT_SLI_BROKEN_FOR),
            severity: sliBroken.severity ?? severity.lowUrgency,
            annotations: severity(sliBroken.severity ?? severity.lowUrgency, sliBrokenSeverityAt, { user: 'SLIBroken', field: 'alerting.sliBroken.severity' }),
          },
  };
}

/** What a tier check needs of its SLO: its numbers, and where the config wrote it. */
interface SloShape {
  readonly objective: number;
  readonly period: Window;
  readonly path: Path;
  /** Where the SLO's period is written; undefined when it is the default. */
  readonly periodAt: Path | undefined;
}

/** Where each field of a tier was written, and the tier itself; a field from the defaults has no path. */
type WrittenAt = { tier?: Path } & { [field in keyof TierConfig]?: Path };

/** Defaults ← top-level tiers ← the SLO's tiers, field by field; `false` wins over everything before it. */
function mergeTiers(layers: { tiers: Readonly<Record<string, TierConfig | false>> | undefined; at: Path }[]): { merged: Record<string, TierConfig | false>; written: Record<string, WrittenAt> } {
  const merged: Record<string, TierConfig | false> = { ...DEFAULT_TIERS };
  const written: Record<string, WrittenAt> = Object.fromEntries(Object.keys(DEFAULT_TIERS).map((name) => [name, {}]));
  for (const { tiers, at } of layers) {
    for (const [name, tier] of Object.entries(tiers ?? {})) {
      const before = merged[name];
      // A tier switched off and on again starts from its defaults.
      const base = before || (DEFAULT_TIERS as Record<string, TierConfig>)[name] || {};
      merged[name] = tier === false ? false : { ...base, ...tier };
      const fields = Object.fromEntries(Object.keys(tier || {}).map((field) => [field, [...at, name, field]]));
      written[name] = { ...(before ? written[name] : {}), ...fields, tier: [...at, name] };
    }
  }
  return { merged, written };
}

/** " (for services[api].slos[availability])" where a path outside the SLO is reported for one of its SLOs. */
function forSlo(at: Path, slo: SloShape, problems: DiagnosticList): string {
  const inside = slo.path.every((segment, index) => at[index] === segment);
  return inside ? '' : ` (for ${problems.name(slo.path)})`;
}

function toTier(name: string, tier: TierConfig, written: WrittenAt, slo: SloShape, problems: DiagnosticList): BurnRateTier {
  const tierAt = written.tier ?? [...slo.path, 'alerting', 'tiers', name];
  const report = (at: Path, message: string) => problems.add(at, `${message}${forSlo(at, slo, problems)}`);
  for (const field of ['budgetPercent', 'longWindow', 'severity'] as const) {
    if (tier[field] === undefined) report([...tierAt, field], `is required for a tier that is not one of the defaults (${Object.keys(DEFAULT_TIERS).join(', ')})`);
  }
  const longWindow = window(tier.longWindow ?? '1h');
  const shortWindow = tier.shortWindow ? window(tier.shortWindow) : windowOfSeconds(defaultShortWindowSeconds(longWindow.seconds));
  const windowAt = written.shortWindow ?? written.longWindow ?? [...tierAt, 'shortWindow'];
  if (shortWindow.seconds < STEP_SECONDS) {
    report(windowAt, `the short window (${shortWindow.text}) must be at least 1m: windows are summed from the per-minute increases`);
  } else if (shortWindow.seconds < BASE_WINDOW_SECONDS && shortWindow.seconds % STEP_SECONDS !== 0) {
    // Rounded to whole minutes, a short window of a few minutes would change by up to a third (1m30s read as 2m).
    report(windowAt, `the short window (${shortWindow.text}) must be a whole number of minutes below 5m: windows are summed from the per-minute increases; use ${formatDuration(Math.floor(shortWindow.seconds / STEP_SECONDS) * STEP_SECONDS)} or ${formatDuration(Math.ceil(shortWindow.seconds / STEP_SECONDS) * STEP_SECONDS)}`);
  }
  if (shortWindow.seconds >= longWindow.seconds) {
    report(windowAt, `must be shorter than the long window (${longWindow.text}), got ${shortWindow.text}`);
  }
  // A default window the SLO's period contradicts is the period's problem: that is what the user wrote.
  const periodProblem = (message: string, fix: string) => {
    if (written.longWindow || !slo.periodAt) report(written.longWindow ?? [...tierAt, 'longWindow'], message);
    else report(slo.periodAt, `${fix}; or give tier ${name} a shorter longWindow (alerting.tiers.${name}.longWindow), or switch it off (alerting.tiers.${name}: false)`);
  };
  if (longWindow.text === slo.period.text || shortWindow.text === slo.period.text) {
    periodProblem(
      `a window spelled like the SLO period (${slo.period.text}) would share its hourly-stepped series and fire up to an hour late; use a shorter window`,
      `is ${slo.period.text}, spelled like the long window of the default tier ${name}, which would then fire up to an hour late: spell the period another way (${formatNumber(slo.period.seconds / 3600)}h)`,
    );
  }
  if (longWindow.seconds > slo.period.seconds) {
    periodProblem(`must not be longer than the SLO period (${slo.period.text}), got ${longWindow.text}`, `is shorter than the long window (${longWindow.text}) of the default tier ${name}: lengthen the period`);
  }
  checkLabelNames(tier.labels, [...tierAt, 'labels'], problems);
  const budgetFraction = (tier.budgetPercent ?? 1) / 100;
  const factor = Number(formatNumber(burnFactor(budgetFraction, slo.period.seconds, longWindow.seconds)));
  if (factor * (1 - slo.objective) >= 1) {
    const needed = `at ${formatNumber(factor)}x the budget it needs an error ratio of ${formatNumber(factor * (1 - slo.objective) * 100)}%`;
    const at = written.budgetPercent ?? written.longWindow;
    if (at) report(at, `can never fire: ${needed}; lower budgetPercent or lengthen longWindow`);
    else report([...slo.path, 'objective'], `leaves the default tier ${name} (${formatNumber(budgetFraction * 100)}% of the budget in ${longWindow.text}) unable to fire: ${needed}; raise the objective, or set alerting.tiers.${name}.budgetPercent lower or its longWindow longer, or switch it off (alerting.tiers.${name}: false)`);
  }
  return {
    name,
    budgetFraction,
    longWindow,
    shortWindow,
    factor,
    severity: tier.severity ?? 'warning',
    for: window(tier.for ?? '0s'),
    minRequestRate: tier.minRequestRate,
    labels: sortLabels(tier.labels ?? {}),
    annotations: sortLabels(tier.annotations ?? {}),
  };
}

/** A metric's own `service` and `slo` may be grouped by (they are recorded under another name); sloforge's other labels may not. */
function checkGroupByNames(labels: readonly string[] | undefined, path: Path, problems: DiagnosticList): void {
  checkLabelNames(labels?.filter((label) => !IDENTITY_LABELS.includes(label)), path, problems);
}

/** Two labels of the metrics recorded under one name (`service` and `exported_service`) would be one label of sloforge's series. */
function checkRecordedGroupLabels(sourceLabels: readonly string[], path: Path, problems: DiagnosticList): void {
  for (const label of sourceLabels) {
    const recorded = recordedGroupLabel(label);
    if (recorded !== label && sourceLabels.includes(recorded)) {
      problems.add(path, `groups by both "${label}" and "${recorded}": sloforge records the metric's own "${label}" as "${recorded}" (its series carry a "${label}" label of their own), so the two would be one label; group by one of them`);
    }
  }
}

/** Every groupBy label needs a value its selectors accept, which the generated tests give their series and expect on their alerts. */
function checkGroupTestValues(sli: Sli, groupBy: readonly string[], path: Path, problems: DiagnosticList): void {
  const selectors = sli.kind === 'ratio' ? [sli.selector, sli.total] : sli.kind === 'latency' ? [sli.histogram] : sli.kind === 'uptime' ? [sli.gauge] : [];
  groupBy.forEach((label) => {
    const matchers = selectors.flatMap((s) => s.matchers).filter((m) => m.name === label);
    if (matchers.length === 0 || groupTestValue(matchers) !== undefined) return;
    const shown = [...new Set(matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`))].join(', ');
    problems.add(path, `groups by "${label}", and sloforge finds no value that ${shown} accepts for its generated tests; write the matcher as a set of literals ("a|b") or with a literal prefix ("/api.*")`);
  });
}
