/** Alert rules of one SLO: one multi-window burn-rate alert per tier, the no-data alert, and the SLI-broken alert. */
import type { Alerting, BurnRateTier, Slo } from '../../model/slo.ts';
import { LABEL, METRIC, NO_DATA_ALERT_NAME, SLI_BROKEN_ALERT_NAME } from '../../model/conventions.ts';
import { formatNumber } from '../../model/number.ts';
import { budgetExpression, seriesLabels } from './recording.ts';
import { quote, recordedRange, sloMatchers } from './promql.ts';
import type { AlertingRule } from './rule.ts';
import { sliBrokenCheck } from './sli-broken.ts';
import { perSloMemo } from './per-slo-memo.ts';
import { escapeTemplate } from './template.ts';

/**
 * An SLO's alert rules, computed once for its rule file and its unit tests (which ask for
 * them again): shared values, read them only.
 */
export const alertRules: (slo: Slo) => AlertingRule[] = perSloMemo(sloAlertRules);

function sloAlertRules(slo: Slo): AlertingRule[] {
  const alerting = slo.alerting;
  if (!alerting) return [];
  const rules = alerting.tiers.map((tier) => burnRateAlert(slo, alerting, tier));
  if (alerting.noData) rules.push(noDataAlert(slo, alerting, alerting.noData));
  const broken = sliBrokenAlert(slo, alerting);
  if (broken) rules.push(broken);
  return rules;
}

/**
 * Fires when both windows burn faster than the tier's factor. The value is the burn
 * rate over the long window, so the threshold reads as the factor itself.
 */
function burnRateAlert(slo: Slo, alerting: Alerting, tier: BurnRateTier): AlertingRule {
  const select = sloMatchers(slo);
  const burn = (window: string) => `${METRIC.errorRatio(window)}${select} / (${budgetExpression(slo)}) > ${formatNumber(tier.factor)}`;
  const conditions = [burn(tier.longWindow.text), burn(tier.shortWindow.text)];
  if (tier.minRequestRate !== undefined) {
    conditions.push(`avg_over_time(${METRIC.totalRate5m}${select}${recordedRange(tier.longWindow)}) >= ${formatNumber(tier.minRequestRate)}`);
  }
  return {
    alert: alerting.alertName,
    expr: conditions.join('\nand\n'),
    ...forClause(tier.for.seconds, tier.for.text),
    labels: burnRateAlertLabels(slo, alerting, tier),
    annotations: {
      summary: `${subject(slo)} is burning its error budget ${formatNumber(tier.factor)}x too fast`,
      description:
        `${sloDescription(slo)}The error ratio over the last ${tier.longWindow.text} is {{ printf "%.2f" $value }}x what the ` +
        `${formatNumber(slo.objectivePercent)}% objective allows; this alert fires above ${formatNumber(tier.factor)}x over ` +
        `${tier.longWindow.text} and ${tier.shortWindow.text}, which spends ${formatNumber(tier.budgetFraction * 100)}% of the ` +
        `${slo.period.text} error budget in ${tier.longWindow.text}. Error budget left: ${budgetLeft(slo)}.`,
      // Read by the notification templates (compile/alertmanager/templates.ts).
      burn_rate: '{{ printf "%.2f" $value }}',
      budget_left: budgetLeft(slo),
      ...runbook(alerting),
      ...alerting.annotations,
      ...tier.annotations,
    },
  };
}

function noDataAlert(slo: Slo, alerting: Alerting, noData: NonNullable<Alerting['noData']>): AlertingRule {
  return {
    alert: NO_DATA_ALERT_NAME,
    expr: `absent(${METRIC.totalRate5m}${sloMatchers(slo)})`,
    ...forClause(noData.for.seconds, noData.for.text),
    labels: noDataAlertLabels(slo, alerting, noData),
    annotations: {
      summary: `${slo.service}/${slo.name} has no SLI data`,
      description:
        `${sloDescription(slo)}No events of ${slo.service}/${slo.name} were recorded for ${noData.for.text}: its metrics are ` +
        `missing or renamed, or the target is gone, and its burn-rate alerts cannot fire.`,
      ...runbook(alerting),
      ...alerting.annotations,
      ...noData.annotations,
    },
  };
}

/** A ticket, not a page: the SLI cannot measure, which its burn-rate alerts would otherwise report as an outage. */
function sliBrokenAlert(slo: Slo, alerting: Alerting): AlertingRule | undefined {
  const check = alerting.sliBroken && sliBrokenCheck(slo);
  if (!alerting.sliBroken || !check) return undefined;
  return {
    alert: SLI_BROKEN_ALERT_NAME,
    expr: check.expr,
    ...forClause(alerting.sliBroken.for.seconds, alerting.sliBroken.for.text),
    labels: sliBrokenAlertLabels(slo, alerting, alerting.sliBroken),
    annotations: {
      summary: `${subject(slo)} ${check.summary}`,
      description: `${sloDescription(slo)}${check.description}`,
      ...runbook(alerting),
      ...alerting.annotations,
      ...alerting.sliBroken.annotations,
    },
  };
}

/** Labels the rule adds to the SLO's series labels. */
export function burnRateAlertLabels(slo: Slo, alerting: Alerting, tier: BurnRateTier): Record<string, string> {
  return {
    ...seriesLabels(slo),
    [LABEL.severity]: tier.severity,
    [LABEL.longWindow]: tier.longWindow.text,
    [LABEL.shortWindow]: tier.shortWindow.text,
    ...alerting.labels,
    ...tier.labels,
  };
}

/** absent() keeps only the selector's equality labels, so the rule sets the SLO's labels itself. */
export function noDataAlertLabels(slo: Slo, alerting: Alerting, noData: NonNullable<Alerting['noData']>): Record<string, string> {
  return { ...seriesLabels(slo), [LABEL.severity]: noData.severity, ...alerting.labels };
}

export function sliBrokenAlertLabels(slo: Slo, alerting: Alerting, sliBroken: NonNullable<Alerting['sliBroken']>): Record<string, string> {
  return { ...seriesLabels(slo), [LABEL.severity]: sliBroken.severity, ...alerting.labels };
}

function forClause(seconds: number, text: string): { for?: string } {
  return seconds > 0 ? { for: text } : {};
}

function runbook(alerting: Alerting): { runbook_url?: string } {
  return alerting.runbookUrl ? { runbook_url: alerting.runbookUrl } : {};
}

/** `checkout/requests-availability`, with the group's labels templated in for groupBy SLOs. */
function subject(slo: Slo): string {
  const groups = slo.groupBy.map((label) => `${label}={{ $labels.${label} }}`);
  return `${slo.service}/${slo.name}${groups.length ? ` (${groups.join(', ')})` : ''}`;
}

function sloDescription(slo: Slo): string {
  return slo.description ? `${escapeTemplate(slo.description.trim().replace(/\.?$/, '.'))} ` : '';
}

/** The budget left over the period, as a percentage, queried when the alert is rendered. */
function budgetLeft(slo: Slo): string {
  const selector = [`${LABEL.service}=${quote(slo.service)}`, `${LABEL.slo}=${quote(slo.name)}`, ...slo.groupBy.map((label) => `${label}=%q`)];
  const query = `100 * ${METRIC.budgetRemaining}{${selector.join(',')}}`;
  const source = slo.groupBy.length ? `printf \`${query}\` ${slo.groupBy.map((label) => `$labels.${label}`).join(' ')} | query` : `query \`${query}\``;
  return `{{ with ${source} }}{{ . | first | value | printf "%.1f" }}%{{ else }}unknown{{ end }}`;
}
