/**
 * The one mapping from the config shape to the model. It assumes the JSON Schema
 * passed and reports every semantic problem (names, labels, windows, PromQL) at once.
 */
import type { AlertingConfig, Labels as LabelsConfig, SliConfig, SloConfig, SloforgeConfig, TierConfig } from './types.ts';
import { DiagnosticList } from './diagnostics.ts';
import { byName, checkDurations, checkLabelNames, checkTemplate, checkTemplates, checkUnique, secondsAt, selectorAt, sortLabels, window, windowOfSeconds, type Path } from './checks.ts';
import { syntaxError } from './promql.ts';
import { formatNumber } from '../model/number.ts';
import {
  BASE_WINDOW_SECONDS,
  DEFAULT_TIERS,
  burnFactor,
  defaultNoDataForSeconds,
  defaultShortWindowSeconds,
} from '../model/windows.ts';
import { DEFAULT_ALERT_NAME, RAW_WINDOW_PLACEHOLDER } from '../model/conventions.ts';
import type { Alerting, BurnRateTier, Model, PrometheusSettings, Selector, Service, Sli, Slo, Window } from '../model/slo.ts';
import { toProbes, toScrape } from './targets-to-model.ts';
import { toThresholdAlert } from './alerts-to-model.ts';
import { toRouting } from './routing-to-model.ts';
import { toDashboards, toGrafana } from './dashboards-to-model.ts';
import { checkSelectorTargets } from './selector-targets.ts';

const DEFAULT_PERIOD = '30d';
const DEFAULT_LONG_WINDOW_INTERVAL = '5m';
const MIN_PERIOD_SECONDS = 86400;
/** The period SLI sums hourly rates that must not go stale between evaluations (5m lookback). */
const MAX_LONG_WINDOW_INTERVAL_SECONDS = 300;

export function toModel(config: SloforgeConfig, source: string, problems = new DiagnosticList()): { model: Model; problems: DiagnosticList } {
  checkDurations(config, [], problems);
  const longWindowInterval = window(config.rules?.longWindowInterval ?? DEFAULT_LONG_WINDOW_INTERVAL);
  if (longWindowInterval.seconds > MAX_LONG_WINDOW_INTERVAL_SECONDS) {
    problems.add(['rules', 'longWindowInterval'], `must be at most 5m (the period SLI reads hourly rates that go stale after 5m), got "${longWindowInterval.text}"`);
  }
  checkUnique(config.services.map((s) => s.name), ['services'], 'service', problems);
  checkAlertingTemplates(config.alerting, ['alerting'], problems);
  const routing = toRouting(config.alertmanager, problems);
  const severity: SeverityAnnotations = (level, at) => {
    const annotations: Record<string, string> = {};
    if (!routing) return annotations;
    const known = routing.severities.find((s) => s.name === level);
    if (!known) problems.add(at, `severity "${level}" is not one of alertmanager.severities (${routing.severities.map((s) => s.name).join(', ')})`);
    if (known?.responseTarget) annotations.response_target = known.responseTarget;
    return annotations;
  };
  const services = config.services.map((service, index): Service => {
    const path = ['services', index];
    checkLabelNames(service.labels, [...path, 'labels'], problems);
    checkUnique(service.slos.map((s) => s.name), [...path, 'slos'], 'SLO', problems);
    const slos = service.slos.map((slo, sloIndex) => toSlo(service.name, service.labels ?? {}, slo, config.alerting, severity, [...path, 'slos', sloIndex], problems));
    const scrape = toScrape(service.name, service.scrape, [...path, 'scrape'], problems);
    const probes = toProbes(service.name, service.probes, [...path, 'probes'], problems);
    const alerts = (service.alerts ?? []).map((alert, alertIndex) => {
      const at = [...path, 'alerts', alertIndex];
      const model = toThresholdAlert(alert, { scrape, probes }, at, problems);
      return { ...model, annotations: { ...model.annotations, ...severity(alert.severity, [...at, 'severity']) } };
    });
    return { name: service.name, labels: sortLabels(service.labels ?? {}), slos: byName(slos), scrape, probes, alerts };
  });
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
  const dashboards = toDashboards(config.dashboards, problems);
  return {
    model: { source, services: byName(services), longWindowInterval, prometheus, routing, grafana: toGrafana(config.grafana), dashboards },
    problems,
  };
}

/** The annotations an alerting section adds, each a template Prometheus must be able to parse. */
function checkAlertingTemplates(alerting: AlertingConfig | undefined, path: Path, problems: DiagnosticList): void {
  checkTemplate(alerting?.runbookUrl, [...path, 'runbookUrl'], problems);
  checkTemplates(alerting?.annotations, [...path, 'annotations'], problems);
  for (const [name, tier] of Object.entries(alerting?.tiers ?? {})) if (tier) checkTemplates(tier.annotations, [...path, 'tiers', name, 'annotations'], problems);
}

/** Checks that a severity is a declared level and returns the annotations that level adds. */
type SeverityAnnotations = (severity: string, path: Path) => Record<string, string>;

function toPrometheus(config: SloforgeConfig['prometheus'], problems: DiagnosticList): PrometheusSettings {
  const scrapeInterval = window(config?.scrapeInterval ?? '1m');
  // Prometheus refuses a timeout longer than the interval; the default follows a short interval down.
  const scrapeTimeout = config?.scrapeTimeout ? window(config.scrapeTimeout) : scrapeInterval.seconds < 10 ? scrapeInterval : window('10s');
  if (scrapeTimeout.seconds > scrapeInterval.seconds) problems.add(['prometheus', 'scrapeTimeout'], `must not be longer than scrapeInterval (${scrapeInterval.text}), got ${scrapeTimeout.text}`);
  return {
    scrapeInterval,
    scrapeTimeout,
    evaluationInterval: window(config?.evaluationInterval ?? '1m'),
    externalLabels: sortLabels(config?.externalLabels ?? {}),
    alertmanagers: config?.alertmanagers ?? ['127.0.0.1:9093'],
  };
}

function toSlo(
  service: string,
  serviceLabels: LabelsConfig,
  slo: SloConfig,
  defaults: AlertingConfig | undefined,
  severity: SeverityAnnotations,
  path: Path,
  problems: DiagnosticList,
): Slo {
  if (slo.objective <= 1) {
    problems.add([...path, 'objective'], `is a percentage (0 < objective < 100); ${slo.objective} means ${slo.objective}%. Did you mean ${formatNumber(slo.objective * 100)}?`);
  }
  checkLabelNames(slo.labels, [...path, 'labels'], problems);
  if (slo.alerting) checkAlertingTemplates(slo.alerting, [...path, 'alerting'], problems);
  const period = window(slo.period ?? DEFAULT_PERIOD);
  if (period.seconds < MIN_PERIOD_SECONDS) problems.add([...path, 'period'], `must be at least 1d (the period SLI sums hourly rates), got "${period.text}"`);
  const { sli, groupBy } = toSli(slo.sli, [...path, 'sli'], problems);
  const labels = sortLabels({ ...serviceLabels, ...slo.labels });
  for (const label of groupBy.filter((l) => l in labels)) {
    problems.add([...path, 'sli'], `groups by "${label}", which the SLO's labels also set: every group would get the same value; drop one of them`);
  }
  const objective = Number(formatNumber(slo.objective / 100));
  // A wrong objective makes every tier look impossible: report the objective alone.
  const alertingProblems = slo.objective <= 1 ? new DiagnosticList() : problems;
  const alerting = slo.alerting === false ? undefined : toAlerting(defaults, slo.alerting, { objective, period }, severity, path, alertingProblems);
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
    groupBy,
    labels,
    alerting,
  };
}

function toSli(config: SliConfig, path: Path, problems: DiagnosticList): { sli: Sli; groupBy: string[] } {
  const selector = (text: string, at: Path): Selector => selectorAt(text, at, problems);
  const groupBy = (labels: readonly string[] | undefined, at: Path) => {
    checkLabelNames(labels, [...at, 'groupBy'], problems);
    return [...(labels ?? [])].sort();
  };
  if ('ratio' in config) {
    const { errors, good, total } = config.ratio;
    const at = [...path, 'ratio'];
    if ((errors === undefined) === (good === undefined)) {
      problems.add(at, 'needs exactly one of "errors" (failed events) or "good" (successful events), beside "total"');
    }
    const events = errors !== undefined ? 'errors' : 'good';
    return {
      sli: { kind: 'ratio', events, selector: selector(errors ?? good ?? '', [...at, events]), total: selector(total, [...at, 'total']) },
      groupBy: groupBy(config.ratio.groupBy, at),
    };
  }
  if ('latency' in config) {
    const at = [...path, 'latency'];
    const histogram = selector(config.latency.histogram, [...at, 'histogram']);
    if (/_(bucket|count|sum)$/.test(histogram.metric)) {
      problems.add([...at, 'histogram'], `names the histogram without its suffix: "${histogram.metric.replace(/_(bucket|count|sum)$/, '')}"`);
    }
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
  const error = syntaxError(errorRatio.replaceAll(RAW_WINDOW_PLACEHOLDER, '5m'));
  if (error) problems.add([...at, 'errorRatio'], `${error} (with ${RAW_WINDOW_PLACEHOLDER} read as 5m)`);
  return { sli: { kind: 'raw', errorRatio }, groupBy: groupBy(config.raw.groupBy, at) };
}

function toAlerting(
  defaults: AlertingConfig | undefined,
  own: AlertingConfig | undefined,
  slo: { objective: number; period: Window },
  severity: SeverityAnnotations,
  path: Path,
  problems: DiagnosticList,
): Alerting {
  const at = [...path, 'alerting'];
  checkLabelNames({ ...defaults?.labels, ...own?.labels }, [...at, 'labels'], problems);
  const tierConfigs = mergeTiers(defaults?.tiers, own?.tiers);
  const tiers = Object.entries(tierConfigs)
    .filter((entry): entry is [string, TierConfig] => entry[1] !== false)
    .map(([name, tier]) => toTier(name, tier, slo, [...at, 'tiers', name], problems))
    .map((tier) => ({ ...tier, annotations: { ...severity(tier.severity, [...at, 'tiers', tier.name, 'severity']), ...tier.annotations } }))
    .sort((a, b) => a.longWindow.seconds - b.longWindow.seconds || a.name.localeCompare(b.name));
  tiers.forEach((tier, index) => {
    const twin = tiers.findIndex((other) => other.longWindow.seconds === tier.longWindow.seconds && other.shortWindow.seconds === tier.shortWindow.seconds);
    if (twin < index) problems.add([...at, 'tiers', tier.name], `has the same windows (${tier.longWindow.text}/${tier.shortWindow.text}) as tier "${tiers[twin]!.name}"; their alerts would be indistinguishable`);
  });
  const noData = own?.noData === false || (own?.noData === undefined && defaults?.noData === false) ? false : { ...(defaults?.noData || {}), ...(own?.noData || {}) };
  return {
    alertName: own?.name ?? defaults?.name ?? DEFAULT_ALERT_NAME,
    runbookUrl: own?.runbookUrl ?? defaults?.runbookUrl,
    labels: sortLabels({ ...defaults?.labels, ...own?.labels }),
    annotations: sortLabels({ ...defaults?.annotations, ...own?.annotations }),
    tiers,
    noData:
      noData === false
        ? undefined
        : {
            for: noData.for ? window(noData.for) : windowOfSeconds(defaultNoDataForSeconds(slo.objective, slo.period.seconds)),
            severity: noData.severity ?? 'warning',
            annotations: severity(noData.severity ?? 'warning', [...at, 'noData', 'severity']),
          },
  };
}

/** Defaults ← top-level tiers ← the SLO's tiers, field by field; `false` wins over everything before it. */
function mergeTiers(...layers: (Readonly<Record<string, TierConfig | false>> | undefined)[]): Record<string, TierConfig | false> {
  const merged: Record<string, TierConfig | false> = { ...DEFAULT_TIERS };
  for (const layer of layers) {
    for (const [name, tier] of Object.entries(layer ?? {})) {
      const before = merged[name];
      // A tier switched off and on again starts from its defaults.
      const base = before || (DEFAULT_TIERS as Record<string, TierConfig>)[name] || {};
      merged[name] = tier === false ? false : { ...base, ...tier };
    }
  }
  return merged;
}

function toTier(name: string, tier: TierConfig, slo: { objective: number; period: Window }, path: Path, problems: DiagnosticList): BurnRateTier {
  for (const field of ['budgetPercent', 'longWindow', 'severity'] as const) {
    if (tier[field] === undefined) problems.add([...path, field], `is required for a tier that is not one of the defaults (${Object.keys(DEFAULT_TIERS).join(', ')})`);
  }
  const longWindow = window(tier.longWindow ?? '1h');
  const shortWindow = tier.shortWindow ? window(tier.shortWindow) : windowOfSeconds(defaultShortWindowSeconds(longWindow.seconds));
  if (shortWindow.seconds < BASE_WINDOW_SECONDS) {
    problems.add([...path, tier.shortWindow ? 'shortWindow' : 'longWindow'], `the short window (${shortWindow.text}) must be at least 5m, the resolution of the recorded rates`);
  }
  if (shortWindow.seconds >= longWindow.seconds) {
    problems.add([...path, 'shortWindow'], `must be shorter than the long window (${longWindow.text}), got ${shortWindow.text}`);
  }
  if (longWindow.text === slo.period.text || shortWindow.text === slo.period.text) {
    problems.add([...path, 'longWindow'], `a window spelled like the SLO period (${slo.period.text}) would share its hourly-stepped series and fire up to an hour late; use a shorter window`);
  }
  if (longWindow.seconds > slo.period.seconds) {
    problems.add([...path, 'longWindow'], `must not be longer than the SLO period (${slo.period.text}), got ${longWindow.text}`);
  }
  checkLabelNames(tier.labels, [...path, 'labels'], problems);
  const budgetFraction = (tier.budgetPercent ?? 1) / 100;
  const factor = Number(formatNumber(burnFactor(budgetFraction, slo.period.seconds, longWindow.seconds)));
  if (factor * (1 - slo.objective) >= 1) {
    problems.add([...path, 'budgetPercent'], `can never fire: at ${formatNumber(factor)}x the budget it needs an error ratio of ${formatNumber(factor * (1 - slo.objective) * 100)}%; lower budgetPercent or lengthen longWindow`);
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

