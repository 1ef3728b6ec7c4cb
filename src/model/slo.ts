/** The normalized, validated model every compiler reads. Nothing here is optional by accident. */

import type { Dashboard, GrafanaSettings } from './dashboard.ts';
import type { Kubernetes, SecretKeyRef } from './kubernetes.ts';
import type { MaintenanceWindow } from './maintenance.ts';
import type { Topology } from './topology.ts';

export type Labels = Readonly<Record<string, string>>;

/** A duration kept with the spelling the config gave it, which rule names repeat. */
export interface Window {
  readonly text: string;
  readonly seconds: number;
}

export interface LabelMatcher {
  readonly name: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

export interface Selector {
  readonly metric: string;
  readonly matchers: readonly LabelMatcher[];
}

export type Sli =
  /** Counters of bad (`events: 'errors'`) or good events, and of all events. */
  | { readonly kind: 'ratio'; readonly events: 'errors' | 'good'; readonly selector: Selector; readonly total: Selector }
  /** Good = histogram bucket at the threshold, total = histogram count. */
  | { readonly kind: 'latency'; readonly histogram: Selector; readonly thresholdSeconds: number }
  /** Time-based: share of time a 0/1 gauge is 1. */
  | { readonly kind: 'uptime'; readonly gauge: Selector }
  /** A user-written error ratio with `$window`. */
  | { readonly kind: 'raw'; readonly errorRatio: string };

export interface BurnRateTier {
  readonly name: string;
  /** Share of the period's budget the long window may burn: 0.02 for 2%. */
  readonly budgetFraction: number;
  readonly longWindow: Window;
  readonly shortWindow: Window;
  /** Burn rate at which the tier fires: budgetFraction × period / longWindow. */
  readonly factor: number;
  readonly severity: string;
  readonly for: Window;
  readonly minRequestRate: number | undefined;
  readonly labels: Labels;
  readonly annotations: Labels;
}

export interface NoDataAlert {
  readonly for: Window;
  readonly severity: string;
  readonly annotations: Labels;
}

/** The alert for an SLI whose data is certainly misconfigured; its broken data counts as no errors. */
export interface SliBrokenAlert {
  readonly for: Window;
  readonly severity: string;
  readonly annotations: Labels;
}

export interface Alerting {
  readonly alertName: string;
  readonly runbookUrl: string | undefined;
  readonly labels: Labels;
  readonly annotations: Labels;
  /** Sorted by long window, then name. */
  readonly tiers: readonly BurnRateTier[];
  readonly noData: NoDataAlert | undefined;
  readonly sliBroken: SliBrokenAlert | undefined;
}

export interface Slo {
  readonly service: string;
  readonly name: string;
  readonly description: string | undefined;
  /** Objective as a ratio: 0.999. */
  readonly objective: number;
  /** Objective as written: 99.9. */
  readonly objectivePercent: number;
  readonly period: Window;
  readonly sli: Sli;
  /** The group labels as sloforge's series and alerts carry them (see recordedGroupLabel), sorted. */
  readonly groupBy: readonly string[];
  /**
   * The SLI's own series' labels the groups are summed by, in groupBy's order, where they
   * differ from it (a metric's own `service` or `slo` label); absent otherwise, so every
   * other SLO's model stays as it was. Read it through sourceGroupBy().
   */
  readonly sourceGroupBy?: readonly string[];
  /** Service labels with the SLO's own over them. */
  readonly labels: Labels;
  /** Undefined when alerting is switched off. */
  readonly alerting: Alerting | undefined;
  /** Undefined when the SLO has no customer commitment. */
  readonly sla?: Sla | undefined;
  /** The SLO's own maintenance windows, beside its service's; absent when it has none. */
  readonly maintenance?: readonly MaintenanceWindow[];
}

export interface SlaCredit {
  /** Owed when the period's SLI is below this ratio: 0.995. */
  readonly below: number;
  readonly belowPercent: number;
  readonly creditPercent: number;
}

export interface Sla {
  /** As a ratio: 0.995. */
  readonly objective: number;
  readonly objectivePercent: number;
  /** Highest bound first; credits grow down the list. */
  readonly credits: readonly SlaCredit[];
  readonly calendar: 'month' | 'quarter';
  /** IANA name: `UTC`, `Europe/Berlin`. */
  readonly timezone: string;
  readonly missingData: 'ignore' | 'bad' | 'good';
}

export interface Service {
  readonly name: string;
  readonly labels: Labels;
  /** Sorted by name. */
  readonly slos: readonly Slo[];
  readonly scrape: Scrape | undefined;
  readonly probes: Probes | undefined;
  /** In config order. */
  readonly alerts: readonly ThresholdAlert[];
  /** Windows of the whole service, the top-level ones naming it first; absent when it has none. */
  readonly maintenance?: readonly MaintenanceWindow[];
  /** What its generated promtool tests run (see ServiceConfig.tests); absent means `fast`. */
  readonly tests?: 'fast' | 'full';
}

export interface Scrape {
  readonly job: string;
  readonly targets: readonly string[];
  readonly fileSd: readonly string[];
  readonly metricsPath: string;
  readonly scheme: 'http' | 'https';
  readonly interval: Window | undefined;
  readonly timeout: Window | undefined;
  readonly labels: Labels;
  readonly tls:
    | { readonly caFile?: string; readonly certFile?: string; readonly keyFile?: string; readonly serverName?: string; readonly caSecret?: SecretKeyRef; readonly certSecret?: SecretKeyRef; readonly keySecret?: SecretKeyRef }
    | undefined;
  readonly basicAuth: { readonly username: string; readonly passwordFile: string; readonly usernameSecret?: SecretKeyRef; readonly passwordSecret?: SecretKeyRef } | undefined;
  readonly bearerTokenFile: string | undefined;
  /** The Kubernetes output's reference to the bearer token. */
  readonly bearerTokenSecret?: SecretKeyRef | undefined;
}

export type ProbeModule = 'http_2xx' | 'tcp_connect';

export interface Probes {
  readonly job: string;
  readonly prober: string;
  readonly interval: Window | undefined;
  readonly endpoints: readonly { readonly name: string; readonly url: string; readonly module: ProbeModule }[];
}

export type ThresholdCondition =
  | { readonly kind: 'serviceDown'; readonly job: string }
  | { readonly kind: 'errorRate'; readonly errors: Selector; readonly total: Selector; readonly above: number; readonly window: Window }
  | { readonly kind: 'latency'; readonly histogram: Selector; readonly quantile: number; readonly aboveSeconds: number; readonly window: Window }
  | { readonly kind: 'saturation'; readonly used: Selector; readonly capacity: Selector | number; readonly above: number }
  | { readonly kind: 'diskFull'; readonly filesystems: readonly LabelMatcher[]; readonly below: number }
  | { readonly kind: 'probeFailed'; readonly job: string; readonly endpoint: string }
  | { readonly kind: 'probeSlow'; readonly job: string; readonly endpoint: string; readonly aboveSeconds: number }
  | { readonly kind: 'freshness'; readonly timestamp: Selector; readonly maxAge: Window }
  | { readonly kind: 'expr'; readonly expr: string };

export interface ThresholdAlert {
  readonly name: string;
  readonly severity: string;
  readonly for: Window | undefined;
  readonly labels: Labels;
  /** summary, description, runbook_url, response_target: as they go into the rule. */
  readonly annotations: Labels;
  readonly condition: ThresholdCondition;
}

export interface PrometheusSettings {
  readonly scrapeInterval: Window;
  readonly scrapeTimeout: Window;
  readonly evaluationInterval: Window;
  readonly externalLabels: Labels;
  readonly alertmanagers: readonly string[];
}

export type Receiver = {
  readonly name: string;
  readonly pagerduty?: { readonly routingKeyFile: string; readonly routingKeySecret?: SecretKeyRef };
  readonly slack?: { readonly apiUrlFile: string; readonly apiUrlSecret?: SecretKeyRef; readonly channel: string };
  readonly webhook?: { readonly url: string };
  readonly email?: { readonly to: string; readonly from: string; readonly smarthost: string; readonly authUsername?: string; readonly authPasswordFile?: string; readonly authPasswordSecret?: SecretKeyRef };
  /** Templates of the user's own, in place of the generated ones. */
  readonly messages?: { readonly title?: string; readonly text?: string };
};

export interface SeverityLevel {
  readonly name: string;
  readonly receiver: string;
  readonly responseTarget: string | undefined;
  readonly groupWait: Window;
  readonly groupInterval: Window;
  readonly repeatInterval: Window;
}

export interface Routing {
  /** Most urgent first. */
  readonly severities: readonly SeverityLevel[];
  /** Sorted by name. */
  readonly receivers: readonly Receiver[];
  readonly defaultReceiver: string;
  readonly groupBy: readonly string[];
}

export interface Model {
  /** The config file's name as the user gave it, for generated headers. */
  readonly source: string;
  /** Sorted by name. */
  readonly services: readonly Service[];
  readonly longWindowInterval: Window;
  readonly prometheus: PrometheusSettings;
  /** Undefined when the config has no `alertmanager` section: no alertmanager.yml is written. */
  readonly routing: Routing | undefined;
  readonly grafana: GrafanaSettings;
  /** The config's own dashboards, in config order. */
  readonly dashboards: readonly Dashboard[];
  /** Undefined when the config has no `kubernetes` section: no generated/kubernetes/ is written. */
  readonly kubernetes?: Kubernetes | undefined;
  /** Undefined when the config has no `topology` section: no generated/topology/ is written. */
  readonly topology?: Topology | undefined;
}
