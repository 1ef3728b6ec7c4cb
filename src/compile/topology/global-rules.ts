/**
 * The global rules: every rule that reads recorded series, over the edge increases of all
 * the servers that scrape a service, summed over the cluster label for the global SLO.
 *
 * Remote writes arrive late (a batch every few seconds, more under back-pressure), so
 * the global rules read the edges' series `readDelay` back: the global SLI and its pages
 * trail the edge by that delay plus up to one evaluation interval.
 *
 * Prometheus, Thanos Ruler and the Mimir ruler evaluate a group's rules in order, each
 * seeing those before it at the same timestamp: there the global rules re-record the
 * summed increases once a minute at their own evaluation times, and the single-server
 * chain (recording.ts) runs unchanged on them, its ranges read at its own evaluations.
 * vmalert persists results through remote write, asynchronously: a later rule of the
 * same group may not see an earlier one's sample yet (vmalert's documented limitation),
 * and the chain would miss whole minutes. There every window sums the edge increases
 * itself, and only the metadata and alerts, a group apart, read recorded windows, one
 * evaluation late.
 */
import type { Service, Slo, Window } from '../../model/slo.ts';
import type { EdgeServer, Topology } from '../../model/topology.ts';
import { GROUP_KIND, LABEL, MAX_RULES_PER_GROUP, METRIC, NO_DATA_ALERT_NAME, SLI_BROKEN_ALERT_NAME, groupName, type GroupKind } from '../../model/conventions.ts';
import { formatDuration } from '../../model/duration.ts';
import { BASE_WINDOW_SECONDS, STEP_SECONDS, recordedWindows } from '../../model/windows.ts';
import type { Model } from '../../model/slo.ts';
import { alertRules, noDataAlertLabels } from '../prometheus/alerts.ts';
import { quote, sloMatchers } from '../prometheus/promql.ts';
import { budgetExpression, hourlyTileRules, metadataRules, minuteRules, seriesLabels } from '../prometheus/recording.ts';
import type { AlertingRule, RecordingRule, Rule, RuleGroup } from '../prometheus/rule.ts';
import { pack } from '../prometheus/rules.ts';

/** How the engine runs a group's rules: `chained` when each sees the samples of those before it. */
export type Evaluation = 'chained' | 'unchained';

/** `sum by (service, slo, route) (…)`: one series per SLO and group, the cluster summed away; the rule's labels put the SLO's own labels back. */
function overClusters(slo: Slo, expression: string, keep: readonly string[] = []): string {
  return `sum by (${[LABEL.service, LABEL.slo, ...slo.groupBy, ...keep].join(', ')}) (${expression})`;
}

function delay(topology: Topology): string {
  return topology.readDelay.seconds > 0 ? ` offset ${topology.readDelay.text}` : '';
}

/**
 * The summed increases of the minute up to the evaluation, read `readDelay` back: each
 * edge sample is the last of exactly one evaluation's minute, whatever the two servers'
 * offsets, so consecutive samples tile time as the edge's do.
 */
function summedIncreases(slo: Slo, topology: Topology): RecordingRule[] {
  const labels = seriesLabels(slo);
  const read = (metric: string) => overClusters(slo, `last_over_time(${metric}${sloMatchers(slo)}[1m]${delay(topology)})`);
  return [
    { record: METRIC.totalIncrease1m, expr: read(METRIC.totalClusterIncrease1m), labels },
    { record: METRIC.errorsIncrease1m, expr: read(METRIC.errorsClusterIncrease1m), labels },
  ];
}

/**
 * The edge increases over `range`, summed per SLO (and per `keep` label). The edge's
 * samples fall at any phase of the global evaluation: Prometheus' ranges of whole
 * minutes are 1ms short (see recording.ts' hourly tiles), so that neither end holds one
 * twice; VictoriaMetrics' ranges are left-open.
 */
function edgeSum(slo: Slo, topology: Topology, metric: string, window: Window, evaluation: Evaluation, keep: readonly string[] = []): string {
  const range = evaluation === 'chained' ? formatDuration(window.seconds - 0.001) : window.text;
  return overClusters(slo, `sum_over_time(${metric}${sloMatchers(slo)}[${range}]${delay(topology)})`, keep);
}

function edgeRatio(slo: Slo, topology: Topology, window: Window, evaluation: Evaluation, keep: readonly string[] = []): string {
  const errors = edgeSum(slo, topology, METRIC.errorsClusterIncrease1m, window, evaluation, keep);
  const total = edgeSum(slo, topology, METRIC.totalClusterIncrease1m, window, evaluation, keep);
  return `${errors} / (${total} > 0)`;
}

const FIVE_MINUTES: Window = { text: '5m', seconds: BASE_WINDOW_SECONDS };

/** The 5m error ratio of each cluster, for the breakdown; read by no alert. */
function clusterBreakdown(slo: Slo, topology: Topology, evaluation: Evaluation): RecordingRule {
  return { record: METRIC.clusterErrorRatio5m, expr: edgeRatio(slo, topology, FIVE_MINUTES, evaluation, [topology.clusterLabel]), labels: seriesLabels(slo) };
}

/** Chained engines: the summed increases, then the single-server minute chain on them. */
function chainedMinuteRules(slo: Slo, topology: Topology): RecordingRule[] {
  const own = new Set<string>([METRIC.totalIncrease1m, METRIC.errorsIncrease1m]);
  return [...summedIncreases(slo, topology), ...minuteRules(slo).filter((rule) => !own.has(rule.record)), clusterBreakdown(slo, topology, 'chained')];
}

/** vmalert: every rule reads the edge increases only. */
function unchainedMinuteRules(slo: Slo, topology: Topology): RecordingRule[] {
  const labels = seriesLabels(slo);
  const rate = (record: string, metric: string): RecordingRule => ({ record, expr: `${edgeSum(slo, topology, metric, FIVE_MINUTES, 'unchained')} / ${BASE_WINDOW_SECONDS}`, labels });
  return [
    rate(METRIC.totalRate5m, METRIC.totalClusterIncrease1m),
    rate(METRIC.errorsRate5m, METRIC.errorsClusterIncrease1m),
    ...recordedWindows(slo).map((window): RecordingRule => ({ record: METRIC.errorRatio(window.text), expr: edgeRatio(slo, topology, window, 'unchained'), labels })),
    clusterBreakdown(slo, topology, 'unchained'),
  ];
}

/**
 * vmalert: the metadata rules with the budget written out, so that none reads the error
 * budget or the period burn rate recorded by a rule before it in the group.
 */
function unchainedMetadataRules(slo: Slo): RecordingRule[] {
  const select = sloMatchers(slo);
  const perBudget = (window: string) => `${METRIC.errorRatio(window)}${select} / (${budgetExpression(slo)})`;
  const own: Readonly<Record<string, string>> = {
    [METRIC.currentBurnRate]: perBudget('5m'),
    [METRIC.periodBurnRate]: perBudget(slo.period.text),
    [METRIC.budgetRemaining]: `1 - ${perBudget(slo.period.text)}`,
  };
  return metadataRules(slo).map((rule) => (own[rule.record] ? { ...rule, expr: own[rule.record]! } : rule));
}

/** The burn-rate and no-data alerts (SLIBroken reads raw series: the edge runs it), and a no-data alert per server of a service scraped by several. */
export function globalAlertRules(slo: Slo, topology: Topology): AlertingRule[] {
  const rules = alertRules(slo).filter((rule) => rule.alert !== SLI_BROKEN_ALERT_NAME);
  const servers = topology.servers.filter((server) => topology.scrapedBy[slo.service]?.includes(server.name));
  if (servers.length > 1) rules.push(...servers.flatMap((server) => serverNoData(slo, topology, server)));
  return rules;
}

/** Two of the server's per-minute samples: one late or missed evaluation is no outage of its data. */
const SERVER_SILENT: Window = { text: '2m', seconds: 2 * STEP_SECONDS };

/** The SLO's increases from one server stopped arriving: its part of the global SLI is missing, which counts as no traffic, never as errors. */
function serverNoData(slo: Slo, topology: Topology, server: EdgeServer): AlertingRule[] {
  const alerting = slo.alerting;
  const noData = alerting?.noData;
  if (!alerting || !noData) return [];
  const selector = `${METRIC.totalClusterIncrease1m}{${LABEL.service}=${quote(slo.service)},${LABEL.slo}=${quote(slo.name)},${topology.clusterLabel}=${quote(server.cluster)}}`;
  return [
    {
      alert: NO_DATA_ALERT_NAME,
      expr: `absent_over_time(${selector}[${SERVER_SILENT.text}]${delay(topology)})`,
      ...(noData.for.seconds > 0 ? { for: noData.for.text } : {}),
      labels: { ...noDataAlertLabels(slo, alerting, noData), [topology.clusterLabel]: server.cluster },
      annotations: {
        summary: `${slo.service}/${slo.name} has no SLI data from ${topology.clusterLabel} ${server.cluster}`,
        description:
          `No events of ${slo.service}/${slo.name} arrived from server ${server.name} (${topology.clusterLabel}=${server.cluster}) for ${noData.for.text}: ` +
          `the server is down, cannot remote-write, or no longer scrapes the service. The global SLI counts the other clusters' traffic only.`,
        ...(alerting.runbookUrl ? { runbook_url: alerting.runbookUrl } : {}),
        ...alerting.annotations,
        ...noData.annotations,
      },
    },
  ];
}

/** The global rule groups of one service; `maxRules` the engine's rules per group. */
export function globalRuleGroups(model: Model, topology: Topology, service: Service, evaluation: Evaluation, maxRules = MAX_RULES_PER_GROUP): RuleGroup[] {
  const minute = formatDuration(STEP_SECONDS);
  const kinds: [GroupKind, (slo: Slo) => Rule[], string | undefined, boolean][] =
    evaluation === 'chained'
      ? [
          // An SLO's minute chain reads itself at each evaluation: one group, never split.
          [GROUP_KIND.sli, (slo) => chainedMinuteRules(slo, topology), minute, false],
          [GROUP_KIND.sliLong, hourlyTileRules, model.longWindowInterval.text, true],
          [GROUP_KIND.meta, metadataRules, undefined, true],
          [GROUP_KIND.alerts, (slo) => globalAlertRules(slo, topology), undefined, true],
        ]
      : [
          [GROUP_KIND.sli, (slo) => unchainedMinuteRules(slo, topology), minute, true],
          [GROUP_KIND.meta, unchainedMetadataRules, undefined, true],
          [GROUP_KIND.alerts, (slo) => globalAlertRules(slo, topology), undefined, true],
        ];
  return kinds.flatMap(([kind, rulesOf, interval, split]) =>
    pack(service.slos.map(rulesOf), maxRules, split).map((rules, index) => ({ name: groupName(service.name, kind, index + 1), ...(interval ? { interval } : {}), rules })),
  );
}
