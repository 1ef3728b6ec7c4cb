/** Every metric, label, group and file name sloforge emits, in one place. */

export const LABEL = {
  service: 'service',
  slo: 'slo',
  severity: 'severity',
  longWindow: 'long_window',
  shortWindow: 'short_window',
} as const;

/** Label names a user may not set: sloforge owns them. */
export const RESERVED_LABELS: readonly string[] = [...Object.values(LABEL), 'alertname', 'alertstate'].sort();

/** sloforge's identity labels, which a metric may carry as labels of its own. */
export const IDENTITY_LABELS: readonly string[] = [LABEL.service, LABEL.slo];

/**
 * The name a metric's own label of a group has on sloforge's series and alerts: a
 * metric's `service` or `slo` becomes `exported_service` or `exported_slo` (Prometheus'
 * own name for a scraped label that clashes with a target label), every other name stays.
 */
export function recordedGroupLabel(sourceLabel: string): string {
  return IDENTITY_LABELS.includes(sourceLabel) ? `exported_${sourceLabel}` : sourceLabel;
}

export const METRIC = {
  /**
   * Error events in the minute up to each evaluation (for time-based SLIs: bad
   * instance-seconds). Consecutive samples tile time: every window sums these.
   */
  errorsIncrease1m: 'slo:sli_errors:increase1m',
  /** All events in the minute up to each evaluation. */
  totalIncrease1m: 'slo:sli_total:increase1m',
  /**
   * The same increases, negated in odd clock hours (UTC): summed beside the plain ones,
   * they split a range into the hour it ends in and the hour before (see windows.ts).
   */
  errorsIncrease1mHourParity: 'slo:sli_errors:increase1m_hour_parity',
  totalIncrease1mHourParity: 'slo:sli_total:increase1m_hour_parity',
  /** Events since the last whole clock hour began: that hour and this one so far, the newest end of every day-long window. */
  errorsIncreaseSinceLastHour: 'slo:sli_errors:increase_since_last_hour',
  totalIncreaseSinceLastHour: 'slo:sli_total:increase_since_last_hour',
  /** Events in the last whole clock hour, recorded by the slower group: the hourly tiles the day-long windows and the period add up. */
  errorsIncreaseLastHour: 'slo:sli_errors:increase_last_hour',
  totalIncreaseLastHour: 'slo:sli_total:increase_last_hour',
  /** Error events per second over the last 5m, from the per-minute increases (for time-based SLIs: bad instance-seconds per second). */
  errorsRate5m: 'slo:sli_errors:rate5m',
  /** All events per second over the last 5m. */
  totalRate5m: 'slo:sli_total:rate5m',
  errorRatio: (window: string) => `slo:sli_error:ratio_rate${window}`,
  objective: 'slo:objective:ratio',
  errorBudget: 'slo:error_budget:ratio',
  periodDays: 'slo:time_period:days',
  currentBurnRate: 'slo:current_burn_rate:ratio',
  periodBurnRate: 'slo:period_burn_rate:ratio',
  budgetRemaining: 'slo:period_error_budget_remaining:ratio',
  /** With a topology: the per-minute increases as one edge server records them; remote-written, they carry its cluster label. */
  errorsClusterIncrease1m: 'slo:sli_errors:cluster_increase1m',
  totalClusterIncrease1m: 'slo:sli_total:cluster_increase1m',
  /** With a topology: the 5m error ratio of each cluster, the breakdown of the global SLI. */
  clusterErrorRatio5m: 'slo:sli_error:cluster_ratio_rate5m',
} as const;

/** Where a raw SLI's error-ratio expression takes its range. */
export const RAW_WINDOW_PLACEHOLDER = '$window';

export const DEFAULT_ALERT_NAME = 'ErrorBudgetBurn';
export const NO_DATA_ALERT_NAME = 'SLONoData';
/** The SLI's data cannot be what it claims (a histogram without the threshold bucket, more errors than events): a ticket, never a burn. */
export const SLI_BROKEN_ALERT_NAME = 'SLIBroken';

/** Names a service or SLO may have: they become file names and label values. */
export const NAME_PATTERN = '^[a-z0-9][a-z0-9_-]*$';
export const LABEL_NAME_PATTERN = '^[a-zA-Z_][a-zA-Z0-9_]*$';
/**
 * Alert names: Prometheus (rules, promtool tests), vmalert and Alertmanager take any
 * non-empty text (tried with promtool 2.42 and amtool 0.25); sloforge keeps to names
 * that read as one word in a matcher or a CLI: letters of any script, digits, "_", "-", ".".
 */
export const ALERT_NAME_PATTERN = '^[\\p{L}_][\\p{L}\\p{N}_.-]*$';

/** Rule groups of one service, each kept under the size Prometheus evaluates comfortably in one pass. */
export const GROUP_KIND = {
  sli: 'sli',
  sliLong: 'sli-long',
  meta: 'meta',
  alerts: 'alerts',
  thresholds: 'thresholds',
  /** With a topology, on each edge server: the per-minute increases, and the alerts that read raw series. */
  edgeSli: 'edge-sli',
  edgeAlerts: 'edge-alerts',
} as const;
export type GroupKind = (typeof GROUP_KIND)[keyof typeof GROUP_KIND];
export const MAX_RULES_PER_GROUP = 20;

export function groupName(service: string, kind: GroupKind, part: number): string {
  return `sloforge-${service}-${kind}${part > 1 ? `-${part}` : ''}`;
}

export const OUTPUT = {
  prometheusConfig: 'prometheus/prometheus.yml',
  /** Relative to prometheus.yml, which is where Prometheus resolves it. */
  ruleFilesGlob: 'rules/*.yml',
  rulesFile: (service: string) => `prometheus/rules/${service}.yml`,
  /** The tests evaluated every minute; those evaluated less often name their interval: `api.1h.test.yml`. */
  testsFile: (service: string, evaluationInterval?: string) => `prometheus/tests/${service}${evaluationInterval ? `.${evaluationInterval}` : ''}.test.yml`,
  blackboxConfig: 'blackbox/blackbox.yml',
  alertmanagerConfig: 'alertmanager/alertmanager.yml',
  edgePrometheusConfig: (server: string) => `topology/servers/${server}/prometheus.yml`,
  edgeRulesFile: (server: string, service: string) => `topology/servers/${server}/rules/${service}.yml`,
  globalPrometheusConfig: 'topology/global/prometheus/prometheus.yml',
  globalPrometheusRulesFile: (service: string) => `topology/global/prometheus/rules/${service}.yml`,
  vmalertRulesFile: (service: string) => `topology/global/vmalert/${service}.yml`,
  thanosRulesFile: (service: string) => `topology/global/thanos/${service}.yml`,
  mimirNamespaceFile: (namespace: string) => `topology/global/mimir/${namespace}.yml`,
  topologyTestsFile: (service: string) => `topology/tests/${service}.test.yml`,
  alertmanagerTemplates: 'alertmanager/templates/sloforge.tmpl',
  /** Beside alertmanager.yml: `sh generated/alertmanager/routes-test.sh`. */
  alertmanagerRoutesTest: 'alertmanager/routes-test.sh',
  /** Relative to alertmanager.yml, which is where Alertmanager resolves it. */
  alertmanagerTemplatesGlob: 'templates/*.tmpl',
} as const;

/** The notification templates sloforge defines: the guide's incident declaration (firing) and resolution (resolved). */
export const NOTIFICATION_TEMPLATE = {
  title: 'sloforge.incident.title',
  text: 'sloforge.incident.text',
  slackTitle: 'sloforge.slack.title',
  emailSubject: 'sloforge.email.subject',
  emailHtml: 'sloforge.email.html',
  dashboardUrl: 'sloforge.dashboard.url',
} as const;

/** The label a probe target carries with its endpoint's name. */
export const PROBE_ENDPOINT_LABEL = 'endpoint';
