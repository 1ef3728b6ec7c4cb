/**
 * The input shape of `slo.config.ts` (and of the same object as YAML or JSON).
 * Everything here is what a user writes; `src/model/` holds the normalized form
 * the compilers read.
 */

/** A Prometheus duration such as `5m`, `1h30m`, `30d`. */
export type Duration = string;

/** Label names and values added to series and alerts. */
export type Labels = Readonly<Record<string, string>>;

export interface SloforgeConfig {
  /** The services to monitor, each with its SLOs. Names must be unique. */
  readonly services: readonly ServiceConfig[];
  /** Alerting defaults for every SLO; each SLO's own `alerting` is merged over them. */
  readonly alerting?: AlertingConfig;
  /** How the generated rule groups are evaluated. */
  readonly rules?: RulesConfig;
  /** Global settings of the generated `prometheus.yml`. */
  readonly prometheus?: PrometheusConfig;
  /** Severity levels, receivers and routing of the generated `alertmanager.yml`. */
  readonly alertmanager?: AlertmanagerConfig;
  /** Grafana provisioning: where the datasource and the dashboards live. */
  readonly grafana?: GrafanaConfig;
  /** Dashboards of your own, beside the generated SLO dashboards. */
  readonly dashboards?: readonly DashboardConfig[];
  /** Prometheus Operator manifests in `generated/kubernetes/`; without it none are written. */
  readonly kubernetes?: KubernetesConfig;
  /** Defaults of every SLO's `sla`: calendar, time zone, missing-data policy. */
  readonly sla?: SlaCalendarConfig;
  /** Maintenance windows of several services at once: each applies to the services it names. */
  readonly maintenance?: readonly SharedMaintenanceWindowConfig[];
  /** Several Prometheus servers and a global rule engine (`generated/topology/`); without it one Prometheus runs every rule. */
  readonly topology?: TopologyConfig;
}

/**
 * One Prometheus per cluster or region (the edge) runs the rules that read raw series;
 * the global engines run every rule that aggregates across them.
 */
export interface TopologyConfig {
  /** The edge Prometheus servers. Names must be unique. */
  readonly servers: readonly EdgeServerConfig[];
  /** The engines that evaluate the global rules: at least one. */
  readonly global: GlobalEnginesConfig;
  /** The external label that tells the servers apart; every server sets it, each to its own value. @default 'cluster' */
  readonly clusterLabel?: string;
  /** Every peer of the Alertmanager cluster (`host:port`); every server and engine sends to all of them. @default prometheus.alertmanagers */
  readonly alertmanagers?: readonly string[];
  /** How far back from now the global rules read the edges' series: longer than the remote-write delay. @default '1m' */
  readonly readDelay?: Duration;
}

export interface EdgeServerConfig {
  /** `[a-z0-9][a-z0-9_-]*`; names the server's folder. */
  readonly name: string;
  /** Labels this server adds to what it sends out, the cluster label among them. */
  readonly externalLabels: Labels;
}

export interface GlobalEnginesConfig {
  /** A Prometheus receiving the edges' remote writes (`--web.enable-remote-write-receiver`). */
  readonly prometheus?: { readonly remoteWriteUrl: string };
  /** vmalert on VictoriaMetrics; `remoteWriteUrl` is VictoriaMetrics' `/api/v1/write`. */
  readonly vmalert?: { readonly remoteWriteUrl: string };
  /** Thanos Ruler; without `remoteWriteUrl` (a Thanos Receive), the edges are read through their sidecars. */
  readonly thanos?: { readonly remoteWriteUrl?: string };
  /** The Mimir or Cortex ruler of one tenant. */
  readonly mimir?: MimirConfig;
}

export interface MimirConfig {
  /** The distributor's `/api/v1/push`. */
  readonly remoteWriteUrl: string;
  /** Sent as `X-Scope-OrgID`; the rules are loaded into the same tenant. */
  readonly tenant: string;
  /** The rule namespace. @default 'sloforge' */
  readonly namespace?: string;
  /** The tenant's `ruler_max_rules_per_rule_group`. @default 20 */
  readonly maxRulesPerGroup?: number;
  /** The tenant's `ruler_max_rule_groups_per_tenant`. @default 70 */
  readonly maxGroupsPerTenant?: number;
}

/** A key of a Kubernetes Secret in the resource's namespace: what a manifest names instead of a file. */
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

/** Where one kind of resource goes and the labels it adds (its Prometheus' or Alertmanager's selector). */
export interface KubernetesResourceConfig {
  /** @default the section's `namespace` */
  readonly namespace?: string;
  /** Over the section's `labels`. */
  readonly labels?: Labels;
}

export interface KubernetesConfig {
  /** Namespace of every generated resource, unless its kind sets its own. */
  readonly namespace: string;
  /** Labels on every generated resource: make them match `ruleSelector`, `probeSelector`, `scrapeConfigSelector`, `serviceMonitorSelector`, `alertmanagerConfigSelector`. */
  readonly labels?: Labels;
  /** Labels that make Grafana's sidecar load a dashboard ConfigMap. @default { grafana_dashboard: '1' } */
  readonly dashboardLabels?: Labels;
  /** Per kind of resource: its namespace and extra labels. */
  readonly resources?: {
    readonly prometheusRules?: KubernetesResourceConfig;
    readonly probes?: KubernetesResourceConfig;
    readonly scrapeConfigs?: KubernetesResourceConfig;
    readonly serviceMonitors?: KubernetesResourceConfig;
    readonly alertmanagerConfig?: KubernetesResourceConfig;
    readonly dashboards?: KubernetesResourceConfig;
  };
  /** By service name: scrape the service's pods through a ServiceMonitor selecting its Kubernetes Service, instead of a ScrapeConfig. */
  readonly serviceMonitors?: Readonly<Record<string, ServiceMonitorConfig>>;
}

export interface ServiceMonitorConfig {
  /** Labels of the Kubernetes Service to select. */
  readonly selector: Labels;
  /** Name of the Service's port to scrape. */
  readonly port: string;
  /** Namespaces to look for the Service in. @default the ServiceMonitor's own */
  readonly namespaces?: readonly string[];
}

export interface GrafanaConfig {
  /** URL Grafana reaches Prometheus at. @default 'http://127.0.0.1:9090' */
  readonly prometheusUrl?: string;
  /** Where Grafana finds the generated dashboards (copy or mount `generated/grafana/dashboards` there). @default '/var/lib/grafana/dashboards/sloforge' */
  readonly dashboardsPath?: string;
  /** Make the provisioned Prometheus Grafana's default datasource (a Grafana allows one default). @default false */
  readonly datasourceIsDefault?: boolean;
  /** Grafana's address for people, e.g. `https://grafana.example.com`: notifications link to the service's dashboard under it. */
  readonly url?: string;
}

export interface DashboardConfig {
  readonly title: string;
  /** @default derived from the title */
  readonly uid?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  /** Template variables, usable as `$name` in queries. */
  readonly variables?: readonly VariableConfig[];
  readonly rows: readonly DashboardRowConfig[];
}

/** `datasource`: a Prometheus datasource picker; `query`: values of a label; `custom`: a fixed list. */
export type VariableConfig =
  | { readonly name: string; readonly label?: string; readonly datasource: 'prometheus' }
  | { readonly name: string; readonly label?: string; readonly labelValues: { readonly label: string; readonly metric?: string }; readonly multi?: boolean }
  | { readonly name: string; readonly label?: string; readonly custom: readonly string[] };

export interface DashboardRowConfig {
  readonly title: string;
  readonly panels: readonly PanelConfig[];
}

export interface PanelConfig {
  readonly title: string;
  readonly type: 'timeseries' | 'stat' | 'gauge' | 'table';
  readonly description?: string;
  /** PromQL; may use the dashboard's variables and `$__rate_interval`. */
  readonly query: string;
  /** Series name, e.g. `{{instance}}`. */
  readonly legend?: string;
  /** A Grafana unit: `percentunit`, `s`, `reqps`, `short`, `bytes`... */
  readonly unit?: string;
  /** Colour steps: below the first value the base colour, from each value on its colour. */
  readonly thresholds?: readonly { readonly value: number; readonly color: string }[];
  readonly min?: number;
  readonly max?: number;
  /** Width in grid units of 24. @default 8 */
  readonly width?: number;
}

export interface PrometheusConfig {
  /** @default '1m' */
  readonly scrapeInterval?: Duration;
  /** @default '10s' */
  readonly scrapeTimeout?: Duration;
  /** Interval of the rule groups that do not set their own. @default '1m' */
  readonly evaluationInterval?: Duration;
  /** Labels this Prometheus adds to everything it sends out. */
  readonly externalLabels?: Labels;
  /** Alertmanager addresses (`host:port`). @default ['127.0.0.1:9093'] */
  readonly alertmanagers?: readonly string[];
}

export interface RulesConfig {
  /**
   * Evaluation interval of the groups that compute windows of a day or longer and the
   * period SLI. At most `5m`: the period sums hourly rates that must not go stale.
   * @default '5m'
   */
  readonly longWindowInterval?: Duration;
}

export interface ServiceConfig {
  /** Service name, `[a-z0-9][a-z0-9_-]*`; becomes the `service` label and the rule file name. */
  readonly name: string;
  /** Labels added to every rule and alert of this service (not `service`, `slo` or `severity`). */
  readonly labels?: Labels;
  /** The service's SLOs. Names must be unique within the service. */
  readonly slos: readonly SloConfig[];
  /** The scrape job of the service's own `/metrics`. */
  readonly scrape?: ScrapeConfig;
  /** Health endpoints probed through the blackbox exporter. */
  readonly probes?: ProbesConfig;
  /** Plain threshold alerts of the service. */
  readonly alerts?: readonly ThresholdAlertConfig[];
  /** Maintenance windows of the whole service: every SLO and alert of it. */
  readonly maintenance?: readonly MaintenanceWindowConfig[];
  /** With a `topology`: the servers (by name) that scrape this service; several make each SLO one global SLO over them. @default every server */
  readonly servers?: readonly string[];
  /**
   * What the generated promtool tests run: `fast` evaluates the tiers of 6h-and-longer
   * windows and the period every 5m or every hour, fed at the recorded per-minute
   * increases; `full` evaluates everything every minute from the SLI's own series. @default 'fast'
   */
  readonly tests?: 'fast' | 'full';
}

export interface ScrapeConfig {
  /** Job name, the `job` label. @default the service name */
  readonly job?: string;
  /** Static `host:port` targets. Give these or `fileSd`. */
  readonly targets?: readonly string[];
  /** Files of targets for file-based service discovery. */
  readonly fileSd?: readonly string[];
  /** @default '/metrics' */
  readonly metricsPath?: string;
  /** @default 'http' */
  readonly scheme?: 'http' | 'https';
  /** @default the global scrape interval */
  readonly interval?: Duration;
  /** @default the global scrape timeout */
  readonly timeout?: Duration;
  /** Labels added to every target. */
  readonly labels?: Labels;
  /** TLS, by file only (on Kubernetes, by Secret). */
  readonly tls?: TlsConfig;
  /** Basic authentication; the password only from a file (on Kubernetes, a Secret key). */
  readonly basicAuth?: { readonly username: string; readonly passwordFile: string; readonly usernameSecret?: SecretKeyRef; readonly passwordSecret?: SecretKeyRef };
  /** Bearer token read from a file. */
  readonly bearerTokenFile?: string;
  /** The bearer token's Secret key, for the Kubernetes output. */
  readonly bearerTokenSecret?: SecretKeyRef;
}

export interface TlsConfig {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly serverName?: string;
  /** The Kubernetes output's counterparts of the files. */
  readonly caSecret?: SecretKeyRef;
  readonly certSecret?: SecretKeyRef;
  readonly keySecret?: SecretKeyRef;
}

export interface ProbesConfig {
  /** Job name of the probes. @default '<service>-probes' */
  readonly job?: string;
  /** Address (`host:port`) of the blackbox exporter. */
  readonly prober: string;
  /** @default the global scrape interval */
  readonly interval?: Duration;
  /** Blackbox module of every endpoint that does not name its own. @default 'http_2xx' */
  readonly module?: ProbeModule;
  /** The URLs to probe; `name` becomes the `endpoint` label. */
  readonly endpoints: readonly ProbeEndpoint[];
}

/** Modules of the generated `blackbox.yml`. */
export type ProbeModule = 'http_2xx' | 'tcp_connect';

export interface ProbeEndpoint {
  /** `[a-z0-9][a-z0-9_-]*`; the `endpoint` label: `health`, `ready`, `live`. */
  readonly name: string;
  /** What to probe: a URL for `http_2xx`, `host:port` for `tcp_connect`. */
  readonly url: string;
  readonly module?: ProbeModule;
}

/** A threshold alert: common fields and exactly one kind of condition. */
export type ThresholdAlertConfig = ThresholdAlertCommon &
  (
    | { readonly serviceDown: ServiceDownAlert }
    | { readonly errorRate: ErrorRateAlert }
    | { readonly latency: LatencyAlert }
    | { readonly saturation: SaturationAlert }
    | { readonly diskFull: DiskFullAlert }
    | { readonly probeFailed: ProbeFailedAlert }
    | { readonly probeSlow: ProbeSlowAlert }
    | { readonly freshness: FreshnessAlert }
    | { readonly expr: string }
  );

export interface ThresholdAlertCommon {
  /** The alert name, e.g. `HighErrorRate`. */
  readonly name: string;
  /** The `severity` label; one of `alertmanager.severities` when those are given. */
  readonly severity: string;
  /** How long the condition must hold. */
  readonly for?: Duration;
  /** One line for the notification title. */
  readonly summary: string;
  /** Details; may use `{{ $value }}` and `{{ $labels.name }}`. */
  readonly description?: string;
  /** @default the top-level `alerting.runbookUrl` */
  readonly runbookUrl?: string;
  /** Over the top-level `alerting.labels`. */
  readonly labels?: Labels;
}

/** The service's scrape job reports down (`up == 0`) or has vanished (`absent(up)`). */
export type ServiceDownAlert = Readonly<Record<string, never>>;

export interface ErrorRateAlert {
  /** Counter selector of errors. */
  readonly errors: string;
  /** Counter selector of all events. */
  readonly total: string;
  /** Fires above this error ratio (0.005 for 0.5%). */
  readonly above: number;
  /** @default '5m' */
  readonly window?: Duration;
}

export interface LatencyAlert {
  /** A classic histogram, without the `_bucket` suffix. */
  readonly histogram: string;
  /** 0.95 for p95. */
  readonly quantile: number;
  /** Fires above this latency: `'200ms'` or seconds. */
  readonly above: Duration | number;
  /** @default '5m' */
  readonly window?: Duration;
}

export interface SaturationAlert {
  /** Gauge of what is in use, e.g. `fraiseql_db_connections_active`. */
  readonly used: string;
  /** Gauge of the capacity, or the capacity itself from configuration. */
  readonly capacity: string | number;
  /** Fires above this share of the capacity (0.9 for 90%). */
  readonly above: number;
}

export interface DiskFullAlert {
  /** Label matchers of the filesystems, e.g. `{mountpoint="/"}`. @default '{fstype!~"tmpfs|overlay|squashfs"}' */
  readonly filesystems?: string;
  /** Fires below this share of free space (0.1 for 10%). */
  readonly below: number;
}

export interface ProbeFailedAlert {
  /** The probe endpoint's name. */
  readonly endpoint: string;
}

export interface ProbeSlowAlert {
  readonly endpoint: string;
  /** Fires when the probe takes longer: `'1s'` or seconds. */
  readonly above: Duration | number;
}

/** A timestamp gauge that must keep moving: a backup job's last success, the last archived WAL segment. */
export interface FreshnessAlert {
  /** A gauge of Unix seconds, e.g. `backup_last_success_timestamp_seconds{job="backup"}`. */
  readonly timestamp: string;
  /** Fires when the timestamp is older than this (`'6h'`), and when the gauge is absent. */
  readonly maxAge: Duration;
}

export interface AlertmanagerConfig {
  /**
   * Severity levels by name, most urgent first: each names its receiver, its timing,
   * and a response target that alerts of that severity carry as an annotation.
   */
  readonly severities: Readonly<Record<string, SeverityConfig>>;
  /** Receivers by name. Secrets only by file. */
  readonly receivers: Readonly<Record<string, ReceiverConfig>>;
  /** Receiver of alerts with no known severity. */
  readonly defaultReceiver: string;
  /** @default ['alertname', 'service', 'slo'] */
  readonly groupBy?: readonly string[];
}

export interface SeverityConfig {
  readonly receiver: string;
  /** What the team promises for this level, e.g. `acknowledge within 2 minutes`. */
  readonly responseTarget?: string;
  /** @default '30s' */
  readonly groupWait?: Duration;
  /** @default '5m' */
  readonly groupInterval?: Duration;
  /** @default '4h' */
  readonly repeatInterval?: Duration;
}

/** One or more integrations. Secrets by file; the `*Secret` Secret key references are what the Kubernetes output names instead. */
export interface ReceiverConfig {
  readonly pagerduty?: { readonly routingKeyFile: string; readonly routingKeySecret?: SecretKeyRef };
  readonly slack?: { readonly apiUrlFile: string; readonly apiUrlSecret?: SecretKeyRef; readonly channel: string };
  readonly webhook?: { readonly url: string };
  readonly email?: { readonly to: string; readonly from: string; readonly smarthost: string; readonly authUsername?: string; readonly authPasswordFile?: string; readonly authPasswordSecret?: SecretKeyRef };
  /**
   * Alertmanager templates of this receiver's notifications, in place of the generated incident
   * declaration and resolution (`generated/alertmanager/templates/sloforge.tmpl`), e.g.
   * `{ title: '{{ .CommonLabels.alertname }}', text: '{{ template "sloforge.incident.text" . }}' }`.
   */
  readonly messages?: { readonly title?: string; readonly text?: string };
}

export interface SloConfig {
  /** SLO name, `[a-z0-9][a-z0-9_-]*`, unique within its service; becomes the `slo` label. */
  readonly name: string;
  /** What the SLO promises, for people; shown in alerts and the summary. */
  readonly description?: string;
  /** Target in percent, 0 < objective < 100: `99.9` means 99.9% of events are good. */
  readonly objective: number;
  /**
   * The rolling window the objective holds over; at least as long as the longest alert window.
   * @default '30d'
   */
  readonly period?: Duration;
  /** How good and bad events are counted. */
  readonly sli: SliConfig;
  /** Labels added to this SLO's rules and alerts, over the service's labels. */
  readonly labels?: Labels;
  /** Alerting for this SLO, merged over the top-level `alerting`; `false` turns it off. */
  readonly alerting?: AlertingConfig | false;
  /** The customer commitment (SLA) on this SLI, reported per calendar period by `sloforge report`. */
  readonly sla?: SlaConfig;
  /** Maintenance windows of this SLO alone (its alerts and its SLA), beside its service's. */
  readonly maintenance?: readonly MaintenanceWindowConfig[];
}

/**
 * A scheduled maintenance window: one-off (`start` and `end`) or recurring (`weekly`), never both.
 * `sloforge report` leaves its time out of the SLA's denominator; Alertmanager mutes the alerts it
 * covers (a generated `time_intervals` entry, named after the window, in the routes' `mute_time_intervals`).
 * Windows that apply to one SLO must not overlap.
 *
 * ```ts
 * { name: 'release-2026-11', start: '2026-11-15T02:00:00Z', end: '2026-11-15T04:00:00Z' }
 * { name: 'weekly-deploy', weekly: { days: ['tuesday', 'thursday'], start: '06:00', end: '06:30', timezone: 'Europe/Berlin' } }
 * ```
 */
export interface MaintenanceWindowConfig {
  /** `[a-z0-9][a-z0-9_-]*`, unique across the config: names the Alertmanager time interval. */
  readonly name: string;
  /** What happens in the window, for people. */
  readonly description?: string;
  /** One-off: RFC 3339 with an offset, whole minutes: `2026-11-15T02:00:00Z`, `2026-11-15T03:00:00+01:00`. Inclusive. */
  readonly start?: string;
  /** One-off: RFC 3339, after `start`. Exclusive. */
  readonly end?: string;
  /** Recurring: the same wall-clock slot on each of these days, every week. */
  readonly weekly?: WeeklyMaintenanceConfig;
  /** Whether the burn-rate alerts are muted too (every other alert of what it covers is). @default true */
  readonly muteBurnRateAlerts?: boolean;
}

export interface WeeklyMaintenanceConfig {
  readonly days: readonly ('sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday')[];
  /** `HH:MM`, local time. */
  readonly start: string;
  /** `HH:MM`, after `start` on the same day (`24:00` is the day's end); a slot across midnight is two windows. */
  readonly end: string;
  /** IANA time zone of `start` and `end`. With a `kubernetes` section only `UTC`: AlertmanagerConfig has no location. @default 'UTC' */
  readonly timezone?: string;
}

/** A top-level window, for the services it names. */
export interface SharedMaintenanceWindowConfig extends MaintenanceWindowConfig {
  /** Names of the services it applies to. */
  readonly services: readonly string[];
}

/** How an SLA's periods are cut and what a blind spot counts as; the top-level `sla` gives defaults. */
export interface SlaCalendarConfig {
  /** @default 'month' */
  readonly calendar?: 'month' | 'quarter';
  /** IANA time zone in which a period starts. @default 'UTC' */
  readonly timezone?: string;
  /** Time without data: `ignore` (left out, reported as coverage), `bad` or `good`. @default 'ignore' */
  readonly missingData?: 'ignore' | 'bad' | 'good';
}

export interface SlaConfig extends SlaCalendarConfig {
  /** Percent, not tighter than the SLO's `objective`: `99.5`. */
  readonly objective: number;
  /** Credit owed when the period's SLI is below `below` (percent); the lowest matching tier wins. */
  readonly credits?: readonly { readonly below: number; readonly creditPercent: number }[];
}

/** Exactly one SLI kind. */
export type SliConfig =
  | { readonly ratio: RatioSliConfig }
  | { readonly latency: LatencySliConfig }
  | { readonly uptime: UptimeSliConfig }
  | { readonly raw: RawSliConfig };

export interface RatioSliConfig {
  /** Counter selector of failed events, e.g. `http_requests_total{job="api",code=~"5.."}`. Give this or `good`. */
  readonly errors?: string;
  /** Counter selector of successful events. Give this or `errors`. */
  readonly good?: string;
  /** Counter selector of all events, e.g. `http_requests_total{job="api"}`. */
  readonly total: string;
  /** Labels to keep: one SLO series per value combination (e.g. `['route']`). */
  readonly groupBy?: readonly string[];
}

export interface LatencySliConfig {
  /**
   * A classic histogram, without the `_bucket`/`_count` suffix:
   * `http_request_duration_seconds{job="api"}`.
   */
  readonly histogram: string;
  /**
   * Events faster than this are good: a duration (`'100ms'`) or seconds (`0.1`).
   * Must be one of the histogram's bucket boundaries.
   */
  readonly threshold: Duration | number;
  /** Labels to keep: one SLO series per value combination. */
  readonly groupBy?: readonly string[];
}

export interface UptimeSliConfig {
  /**
   * A 0/1 gauge, e.g. `up{job="api"}` or `probe_success{probe="health"}`: the SLI is the
   * share of time it is 1 (uptime minutes / total minutes).
   */
  readonly gauge: string;
  /** Labels to keep: one SLO series per value combination. */
  readonly groupBy?: readonly string[];
}

export interface RawSliConfig {
  /**
   * A PromQL expression of the error ratio (0..1) with `$window` where the range goes,
   * returning one series per `groupBy` combination. Averaged over time for long windows.
   */
  readonly errorRatio: string;
  /** Labels the expression keeps. */
  readonly groupBy?: readonly string[];
}

export interface AlertingConfig {
  /** Name of the burn-rate alerts. @default 'ErrorBudgetBurn' */
  readonly name?: string;
  /**
   * Link to the runbook, written into every alert's `runbook_url` annotation. At the top
   * level it is also the runbook of every threshold alert that does not set its own.
   */
  readonly runbookUrl?: string;
  /** Labels added to every alert of the SLO; at the top level also to every threshold alert (its own labels win). */
  readonly labels?: Labels;
  /** Annotations added to every alert of the SLO; at the top level also to every threshold alert (its own summary, description and runbook win). */
  readonly annotations?: Labels;
  /**
   * Burn-rate tiers by name, merged over the four defaults (`fastPage`, `slowPage`,
   * `fastTicket`, `slowTicket`); `false` switches a tier off, a new name adds one.
   */
  readonly tiers?: Readonly<Record<string, TierConfig | false>>;
  /** The alert for an SLO whose metrics are missing; `false` switches it off. */
  readonly noData?: NoDataConfig | false;
  /**
   * The alert for an SLI whose data cannot be right: a latency histogram without a bucket at
   * the threshold, errors counting more than twice the total, an uptime gauge or raw error
   * ratio outside its range. That data counts as no errors, so it never pages as an outage;
   * this alert says what to fix instead. `false` switches it off.
   */
  readonly sliBroken?: SliBrokenConfig | false;
}

export interface TierConfig {
  /** Share of the period's error budget, in percent, that the long window may burn before this tier fires. */
  readonly budgetPercent?: number;
  /** The window the budget share is measured over. */
  readonly longWindow?: Duration;
  /** The window that must also burn, so the alert resets quickly. @default longWindow / 12 */
  readonly shortWindow?: Duration;
  /** The `severity` label. Default tiers: `critical` for pages, `warning` for tickets. */
  readonly severity?: string;
  /** How long the condition must hold before the alert fires. */
  readonly for?: Duration;
  /** Minimum request rate (events per second, averaged over the long window) for the tier to fire. */
  readonly minRequestRate?: number;
  /** Labels added to this tier's alert. */
  readonly labels?: Labels;
  /** Annotations added to this tier's alert. */
  readonly annotations?: Labels;
}

export interface NoDataConfig {
  /** How long the SLI may be missing before the alert fires. @default 5% of the error budget as time, 2m to 1h */
  readonly for?: Duration;
  /** @default 'warning' */
  readonly severity?: string;
}

export interface SliBrokenConfig {
  /** How long the SLI must look broken before the alert fires. @default '10m' */
  readonly for?: Duration;
  /** @default 'warning' */
  readonly severity?: string;
}
