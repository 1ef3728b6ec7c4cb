/**
 * The one mapping from the config shape to the model. It assumes the JSON Schema
 * passed and reports every semantic problem (names, labels, windows, PromQL) at once.
 */
import type { AlertingConfig, Labels as LabelsConfig, SliConfig, SloConfig, SloforgeConfig, TierConfig } from './types.ts';
import { DiagnosticList } from './diagnostics.ts';
import { parseSelector, syntaxError } from './promql.ts';
import { formatDuration, parseDuration } from '../model/duration.ts';
import { formatNumber } from '../model/number.ts';
import {
  BASE_WINDOW_SECONDS,
  DEFAULT_TIERS,
  burnFactor,
  defaultNoDataForSeconds,
  defaultShortWindowSeconds,
} from '../model/windows.ts';
import { DEFAULT_ALERT_NAME, RAW_WINDOW_PLACEHOLDER, RESERVED_LABELS } from '../model/conventions.ts';
import type { Alerting, BurnRateTier, Labels, Model, Selector, Service, Sli, Slo, Window } from '../model/slo.ts';

type Path = readonly (string | number)[];

const DEFAULT_PERIOD = '30d';
const DEFAULT_LONG_WINDOW_INTERVAL = '5m';
const MIN_PERIOD_SECONDS = 86400;
/** The period SLI sums hourly rates that must not go stale between evaluations (5m lookback). */
const MAX_LONG_WINDOW_INTERVAL_SECONDS = 300;

export function toModel(config: SloforgeConfig, source: string): { model: Model; problems: DiagnosticList } {
  const problems = new DiagnosticList();
  const longWindowInterval = window(config.rules?.longWindowInterval ?? DEFAULT_LONG_WINDOW_INTERVAL);
  if (longWindowInterval.seconds > MAX_LONG_WINDOW_INTERVAL_SECONDS) {
    problems.add(['rules', 'longWindowInterval'], `must be at most 5m (the period SLI reads hourly rates that go stale after 5m), got "${longWindowInterval.text}"`);
  }
  checkUnique(config.services.map((s) => s.name), ['services'], 'service', problems);
  const services = config.services.map((service, index): Service => {
    const path = ['services', index];
    checkLabelNames(service.labels, [...path, 'labels'], problems);
    checkUnique(service.slos.map((s) => s.name), [...path, 'slos'], 'SLO', problems);
    const slos = service.slos.map((slo, sloIndex) => toSlo(service.name, service.labels ?? {}, slo, config.alerting, [...path, 'slos', sloIndex], problems));
    return { name: service.name, labels: sortLabels(service.labels ?? {}), slos: byName(slos) };
  });
  return { model: { source, services: byName(services), longWindowInterval }, problems };
}

function toSlo(service: string, serviceLabels: LabelsConfig, slo: SloConfig, defaults: AlertingConfig | undefined, path: Path, problems: DiagnosticList): Slo {
  if (slo.objective <= 1) {
    problems.add([...path, 'objective'], `is a percentage (0 < objective < 100); ${slo.objective} means ${slo.objective}%. Did you mean ${formatNumber(slo.objective * 100)}?`);
  }
  checkLabelNames(slo.labels, [...path, 'labels'], problems);
  const period = window(slo.period ?? DEFAULT_PERIOD);
  if (period.seconds < MIN_PERIOD_SECONDS) problems.add([...path, 'period'], `must be at least 1d (the period SLI sums hourly rates), got "${period.text}"`);
  const { sli, groupBy } = toSli(slo.sli, [...path, 'sli'], problems);
  const objective = Number(formatNumber(slo.objective / 100));
  // A wrong objective makes every tier look impossible: report the objective alone.
  const alertingProblems = slo.objective <= 1 ? new DiagnosticList() : problems;
  const alerting = slo.alerting === false ? undefined : toAlerting(defaults, slo.alerting, { objective, period }, path, alertingProblems);
  return {
    service,
    name: slo.name,
    description: slo.description,
    objective,
    objectivePercent: slo.objective,
    period,
    sli,
    groupBy,
    labels: sortLabels({ ...serviceLabels, ...slo.labels }),
    alerting,
  };
}

function toSli(config: SliConfig, path: Path, problems: DiagnosticList): { sli: Sli; groupBy: string[] } {
  const selector = (text: string, at: Path): Selector => {
    const parsed = parseSelector(text);
    if (parsed.ok) return parsed.value;
    problems.add(at, parsed.message);
    return { metric: 'invalid', matchers: [] };
  };
  const groupBy = (labels: readonly string[] | undefined, at: Path) => {
    checkLabelNames(Object.fromEntries((labels ?? []).map((l) => [l, ''])), [...at, 'groupBy'], problems);
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
    const threshold = config.latency.threshold;
    const thresholdSeconds = typeof threshold === 'number' ? threshold : parseDuration(threshold);
    if (thresholdSeconds === undefined || !(thresholdSeconds > 0)) {
      problems.add([...at, 'threshold'], `must be a duration such as "100ms" or a number of seconds above 0, got ${JSON.stringify(threshold)}`);
    }
    return { sli: { kind: 'latency', histogram, thresholdSeconds: thresholdSeconds ?? 1 }, groupBy: groupBy(config.latency.groupBy, at) };
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
  path: Path,
  problems: DiagnosticList,
): Alerting {
  const at = [...path, 'alerting'];
  checkLabelNames({ ...defaults?.labels, ...own?.labels }, [...at, 'labels'], problems);
  const tierConfigs = mergeTiers(defaults?.tiers, own?.tiers);
  const tiers = Object.entries(tierConfigs)
    .filter((entry): entry is [string, TierConfig] => entry[1] !== false)
    .map(([name, tier]) => toTier(name, tier, slo, [...at, 'tiers', name], problems))
    .sort((a, b) => a.longWindow.seconds - b.longWindow.seconds || a.name.localeCompare(b.name));
  tiers.forEach((tier, index) => {
    const twin = tiers.findIndex((other) => other.longWindow.seconds === tier.longWindow.seconds && other.shortWindow.seconds === tier.shortWindow.seconds);
    if (twin < index) problems.add([...at, 'tiers', tier.name], `has the same windows (${tier.longWindow.text}/${tier.shortWindow.text}) as tier "${tiers[twin]!.name}"; their alerts would be indistinguishable`);
  });
  const noData = own?.noData ?? defaults?.noData;
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
            for: noData?.for ? window(noData.for) : windowOfSeconds(defaultNoDataForSeconds(slo.objective, slo.period.seconds)),
            severity: noData?.severity ?? 'warning',
          },
  };
}

/** Defaults ← top-level tiers ← the SLO's tiers, field by field; `false` wins over everything before it. */
function mergeTiers(...layers: (Readonly<Record<string, TierConfig | false>> | undefined)[]): Record<string, TierConfig | false> {
  const merged: Record<string, TierConfig | false> = { ...DEFAULT_TIERS };
  for (const layer of layers) {
    for (const [name, tier] of Object.entries(layer ?? {})) {
      const before = merged[name];
      merged[name] = tier === false ? false : { ...(before || {}), ...tier };
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

function window(text: string): Window {
  return { text, seconds: parseDuration(text) ?? 0 };
}

function windowOfSeconds(seconds: number): Window {
  return { text: formatDuration(seconds), seconds };
}

function checkUnique(names: readonly string[], path: Path, what: string, problems: DiagnosticList): void {
  names.forEach((name, index) => {
    const first = names.indexOf(name);
    if (first !== index) problems.add([...path, index, 'name'], `duplicate ${what} name "${name}" (also at ${path.join('.')}[${first}])`);
  });
}

function checkLabelNames(labels: LabelsConfig | undefined, path: Path, problems: DiagnosticList): void {
  for (const name of Object.keys(labels ?? {})) {
    if (RESERVED_LABELS.includes(name)) problems.add([...path, name], `label "${name}" is set by sloforge; reserved: ${RESERVED_LABELS.join(', ')}`);
    else if (name.startsWith('__')) problems.add([...path, name], `label names starting with "__" are reserved by Prometheus`);
  }
}

function sortLabels(labels: LabelsConfig): Labels {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function byName<T extends { name: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
