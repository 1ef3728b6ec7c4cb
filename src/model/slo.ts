/** The normalized, validated model every compiler reads. Nothing here is optional by accident. */

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
}

export interface Alerting {
  readonly alertName: string;
  readonly runbookUrl: string | undefined;
  readonly labels: Labels;
  readonly annotations: Labels;
  /** Sorted by long window, then name. */
  readonly tiers: readonly BurnRateTier[];
  readonly noData: NoDataAlert | undefined;
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
  readonly groupBy: readonly string[];
  /** Service labels with the SLO's own over them. */
  readonly labels: Labels;
  /** Undefined when alerting is switched off. */
  readonly alerting: Alerting | undefined;
}

export interface Service {
  readonly name: string;
  readonly labels: Labels;
  /** Sorted by name. */
  readonly slos: readonly Slo[];
}

export interface Model {
  /** The config file's name as the user gave it, for generated headers. */
  readonly source: string;
  /** Sorted by name. */
  readonly services: readonly Service[];
  readonly longWindowInterval: Window;
}
