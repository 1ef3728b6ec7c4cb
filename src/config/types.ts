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
  /** Link to the runbook, written into every alert's `runbook_url` annotation. */
  readonly runbookUrl?: string;
  /** Labels added to every alert of the SLO. */
  readonly labels?: Labels;
  /** Annotations added to every alert of the SLO. */
  readonly annotations?: Labels;
  /**
   * Burn-rate tiers by name, merged over the four defaults (`fastPage`, `slowPage`,
   * `fastTicket`, `slowTicket`); `false` switches a tier off, a new name adds one.
   */
  readonly tiers?: Readonly<Record<string, TierConfig | false>>;
  /** The alert for an SLO whose metrics are missing; `false` switches it off. */
  readonly noData?: NoDataConfig | false;
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
