/** Threshold alerts: each kind's typed fields checked and turned into a condition the compiler renders. */
import type { AlertingConfig, ThresholdAlertConfig } from './types.ts';
import type { DiagnosticList } from './diagnostics.ts';
import { checkAlertName, checkLabelNames, checkTemplate, secondsAt, selectorAt, sortLabels, window, type Path } from './checks.ts';
import { syntaxError } from './promql.ts';
import { closestMatch } from './suggest.ts';
import type { Probes, Scrape, ThresholdAlert, ThresholdCondition } from '../model/slo.ts';

export const THRESHOLD_KINDS = ['serviceDown', 'errorRate', 'latency', 'saturation', 'diskFull', 'probeFailed', 'probeSlow', 'freshness', 'expr'] as const;

const DEFAULT_FILESYSTEMS = '{fstype!~"tmpfs|overlay|squashfs"}';

/**
 * `defaults` is the top-level `alerting`: its runbook, labels and annotations apply to
 * every alert, threshold alerts included, unless the alert sets its own.
 */
export function toThresholdAlert(
  alert: ThresholdAlertConfig,
  defaults: AlertingConfig | undefined,
  service: { scrape: Scrape | undefined; probes: Probes | undefined },
  path: Path,
  problems: DiagnosticList,
): ThresholdAlert {
  checkLabelNames(alert.labels, [...path, 'labels'], problems);
  checkAlertName(alert.name, [...path, 'name'], problems);
  for (const field of ['summary', 'description', 'runbookUrl'] as const) checkTemplate(alert[field], [...path, field], problems);
  const kinds = THRESHOLD_KINDS.filter((kind) => kind in alert);
  if (kinds.length !== 1) problems.add(path, `needs exactly one condition of ${THRESHOLD_KINDS.map((k) => `"${k}"`).join(', ')}${kinds.length ? `; has ${kinds.join(' and ')}` : ''}`);
  const runbookUrl = alert.runbookUrl ?? defaults?.runbookUrl;
  return {
    name: alert.name,
    severity: alert.severity,
    for: alert.for ? window(alert.for) : undefined,
    labels: sortLabels({ ...defaults?.labels, ...alert.labels }),
    annotations: {
      ...defaults?.annotations,
      summary: alert.summary,
      ...(alert.description ? { description: alert.description } : {}),
      ...(runbookUrl ? { runbook_url: runbookUrl } : {}),
    },
    condition: toCondition(alert, service, path, problems),
  };
}

function toCondition(alert: ThresholdAlertConfig, service: { scrape: Scrape | undefined; probes: Probes | undefined }, path: Path, problems: DiagnosticList): ThresholdCondition {
  const selector = (text: string, at: Path) => selectorAt(text, [...path, ...at], problems);
  const probeJob = (endpoint: string, at: Path) => {
    if (!service.probes) problems.add([...path, ...at], 'needs the service\'s "probes" section');
    else if (!service.probes.endpoints.some((e) => e.name === endpoint)) {
      const names = service.probes.endpoints.map((e) => e.name);
      const hint = closestMatch(endpoint, names);
      problems.add([...path, ...at, 'endpoint'], `names no probe endpoint; the service probes ${names.map((e) => `"${e}"`).join(', ')}${hint ? `; did you mean "${hint}"?` : ''}`);
    }
    return service.probes?.job ?? '';
  };
  if ('serviceDown' in alert || !THRESHOLD_KINDS.some((kind) => kind in alert)) {
    if (!service.scrape) problems.add([...path, 'serviceDown'], 'needs the service\'s "scrape" section: it watches that job\'s up series');
    return { kind: 'serviceDown', job: service.scrape?.job ?? '' };
  }
  if ('errorRate' in alert) {
    const { errors, total, above, window: range } = alert.errorRate;
    return { kind: 'errorRate', errors: selector(errors, ['errorRate', 'errors']), total: selector(total, ['errorRate', 'total']), above, window: window(range ?? '5m') };
  }
  if ('latency' in alert) {
    const { histogram, quantile, above, window: range } = alert.latency;
    return {
      kind: 'latency',
      histogram: selector(histogram, ['latency', 'histogram']),
      quantile,
      aboveSeconds: secondsAt(above, [...path, 'latency', 'above'], problems),
      window: window(range ?? '5m'),
    };
  }
  if ('saturation' in alert) {
    const { used, capacity, above } = alert.saturation;
    return { kind: 'saturation', used: selector(used, ['saturation', 'used']), capacity: typeof capacity === 'number' ? capacity : selector(capacity, ['saturation', 'capacity']), above };
  }
  if ('diskFull' in alert) {
    const filesystems = selectorAt(`node_filesystem_avail_bytes${alert.diskFull.filesystems ?? DEFAULT_FILESYSTEMS}`, [...path, 'diskFull', 'filesystems'], problems);
    return { kind: 'diskFull', filesystems: filesystems.matchers, below: alert.diskFull.below };
  }
  if ('probeFailed' in alert) return { kind: 'probeFailed', job: probeJob(alert.probeFailed.endpoint, ['probeFailed']), endpoint: alert.probeFailed.endpoint };
  if ('probeSlow' in alert) {
    return {
      kind: 'probeSlow',
      job: probeJob(alert.probeSlow.endpoint, ['probeSlow']),
      endpoint: alert.probeSlow.endpoint,
      aboveSeconds: secondsAt(alert.probeSlow.above, [...path, 'probeSlow', 'above'], problems),
    };
  }
  if ('freshness' in alert) return { kind: 'freshness', timestamp: selector(alert.freshness.timestamp, ['freshness', 'timestamp']), maxAge: window(alert.freshness.maxAge) };
  const error = syntaxError(alert.expr, 'a rule result');
  if (error) problems.add([...path, 'expr'], error);
  return { kind: 'expr', expr: alert.expr };
}
