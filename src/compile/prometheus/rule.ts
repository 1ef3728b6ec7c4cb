/** The Prometheus rule-file shapes, keys in the order promtool's docs show them. */
import type { Labels } from '../../model/slo.ts';

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Labels;
}

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: Labels;
  readonly annotations: Labels;
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly Rule[];
}
