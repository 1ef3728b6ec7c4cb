/**
 * promtool tests of the split chain: the edge rules of two servers and the global
 * Prometheus rules in one promtool, fed raw series that carry the cluster label.
 *
 * One promtool is one TSDB, where remote write's external labels do not exist: each
 * server's edge rules are loaded as the global store sees them, from a copy (under
 * topology/tests/edge/) whose raw selectors keep to the server's cluster and whose rules
 * set its external labels. Everything else is the generated global file itself.
 *
 * They prove: the global SLI is the event-weighted ratio over both clusters, each
 * cluster's own ratio survives with its label, a fast burn in one cluster pages
 * globally, and a server that stops reporting raises its no-data alert and no burn.
 */
import type { BurnRateTier, LabelMatcher, Model, Selector, Service, Slo } from '../../model/slo.ts';
import type { EdgeServer, Topology } from '../../model/topology.ts';
import type { Segment } from '../../model/alert-timing.ts';
import { GROUP_KIND, LABEL, METRIC, NO_DATA_ALERT_NAME, OUTPUT, groupName } from '../../model/conventions.ts';
import { formatNumber } from '../../model/number.ts';
import type { Artifact } from '../artifact.ts';
import { burnRateAlertLabels, noDataAlertLabels } from '../prometheus/alerts.ts';
import { labelSet, quote, sloMatchers } from '../prometheus/promql.ts';
import { recordedLabels, testInput, type InputSeries } from '../prometheus/test-series.ts';
import { edgeIncreaseRules } from './edge.ts';
import { globalRuleGroups } from './global-rules.ts';

/** Busy and quiet: the global ratio must weigh the quiet cluster's worse ratio by its few events. */
const BUSY = { events: 600, errors: 6 };
const QUIET = { events: 60, errors: 6 };
const STEADY = 60;
const OUTAGE = 30;
/** Minutes a server's last raw sample stays visible (lookback), and the minutes after until its no-data alert must fire, before its `for`. */
const GONE_AFTER = 15;

export function* splitChainTestFiles(model: Model, topology: Topology): Generator<Artifact> {
  for (const service of model.services) {
    const servers = topology.servers.filter((server) => topology.scrapedBy[service.name]?.includes(server.name)).slice(0, 2);
    if (servers.length < 2 || !topology.engines.some((engine) => engine.kind === 'prometheus')) continue;
    const slos = service.slos.filter((slo) => servers.every((server) => testInput(inCluster(slo, topology, server), []).fromSource));
    if (slos.length === 0) continue;
    for (const server of servers) yield { path: testEdgeFile(server, service), format: 'yaml', data: { groups: [testEdgeGroup(server, service, slos, topology)] } };
    const global = globalRuleGroups(model, topology, service, 'chained');
    yield {
      path: OUTPUT.topologyTestsFile(service.name),
      format: 'yaml',
      data: {
        rule_files: [...servers.map((server) => `edge/${server.name}/${service.name}.yml`), `../global/prometheus/rules/${service.name}.yml`],
        evaluation_interval: '1m',
        group_eval_order: [...servers.map((server) => testEdgeGroupName(server, service)), ...global.map((group) => group.name)],
        tests: slos.flatMap((slo) => [weightedTest(slo, slos, topology, servers), silentServerTest(slo, slos, topology, servers)].filter((test) => test !== undefined)),
      },
    };
  }
}

function testEdgeFile(server: EdgeServer, service: Service): string {
  return `topology/tests/edge/${server.name}/${service.name}.yml`;
}

function testEdgeGroupName(server: EdgeServer, service: Service): string {
  return `${groupName(service.name, GROUP_KIND.edgeSli, 1)}-${server.name}`;
}

function testEdgeGroup(server: EdgeServer, service: Service, slos: readonly Slo[], topology: Topology) {
  return { name: testEdgeGroupName(server, service), interval: '1m', rules: slos.flatMap((slo) => edgeIncreaseRules(inCluster(slo, topology, server), server.externalLabels)) };
}

/** The SLO as one server's rules see it in the global store: its raw selectors keep to the server's cluster. */
function inCluster(slo: Slo, topology: Topology, server: EdgeServer): Slo {
  const matcher: LabelMatcher = { name: topology.clusterLabel, op: '=', value: server.cluster };
  const scoped = (selector: Selector): Selector => ({ ...selector, matchers: [...selector.matchers, matcher] });
  const sli = slo.sli;
  switch (sli.kind) {
    case 'ratio':
      return { ...slo, sli: { ...sli, selector: scoped(sli.selector), total: scoped(sli.total) } };
    case 'latency':
      return { ...slo, sli: { ...sli, histogram: scoped(sli.histogram) } };
    case 'uptime':
      return { ...slo, sli: { ...sli, gauge: scoped(sli.gauge) } };
    case 'raw':
      // An expression of the user's own cannot be kept to a cluster: no split test.
      return slo;
  }
}

function inputs(slo: Slo, slos: readonly Slo[], topology: Topology, servers: readonly EdgeServer[], profiles: readonly (readonly Segment[])[]): InputSeries[] {
  return servers.flatMap((server, index) =>
    testInput(
      inCluster(slo, topology, server),
      profiles[index]!,
      slos.filter((other) => other !== slo).map((other) => inCluster(other, topology, server)),
    ).series,
  );
}

const segment = (minutes: number, rate: { events: number; errors: number }): Segment => ({ minutes, eventsPerMinute: rate.events, errorsPerMinute: rate.errors });

/** The tier a 30-minute full outage of the busy cluster must fire: the shortest, if the outage can reach its factor. */
function pageTier(slo: Slo): BurnRateTier | undefined {
  const tier = [...(slo.alerting?.tiers ?? [])].sort((a, b) => a.longWindow.seconds - b.longWindow.seconds)[0];
  const budget = 1 - slo.objective;
  const fits = tier && tier.longWindow.seconds <= 3600 && tier.for.seconds <= 600 && tier.factor * budget < 0.3 && (tier.minRequestRate ?? 0) <= (BUSY.events + QUIET.events) / 60 / 2;
  return fits ? tier : undefined;
}

function weightedTest(slo: Slo, slos: readonly Slo[], topology: Topology, servers: readonly EdgeServer[]) {
  const [busy, quiet] = servers as [EdgeServer, EdgeServer];
  const steady = STEADY - 5;
  const labels = recordedLabels(slo);
  const tier = pageTier(slo);
  // As the rules compute it, rates of five minutes' sums, so the float matches to the last bit.
  const rate5m = (perMinute: number) => (perMinute * 5) / 300;
  const expected = rate5m(BUSY.errors + QUIET.errors) / rate5m(BUSY.events + QUIET.events);
  return {
    name:
      `${slo.service}/${slo.name} over ${busy.cluster} (${BUSY.events}/min, ${BUSY.errors} errors) and ${quiet.cluster} (${QUIET.events}/min, ${QUIET.errors} errors): ` +
      `the global 5m ratio is the events' ${formatNumber(BUSY.errors + QUIET.errors)}/${formatNumber(BUSY.events + QUIET.events)}, each cluster keeps its own` +
      (tier ? `; a full outage of ${busy.cluster} fires the ${tier.name} page globally` : ''),
    interval: '1m',
    input_series: inputs(slo, slos, topology, servers, [
      [segment(STEADY, BUSY), segment(OUTAGE, { events: BUSY.events, errors: BUSY.events })],
      [segment(STEADY + OUTAGE, QUIET)],
    ]),
    promql_expr_test: [
      { expr: `${METRIC.errorRatio('5m')}${sloMatchers(slo)}`, eval_time: `${steady}m`, exp_samples: [{ labels: labelSet({ __name__: METRIC.errorRatio('5m'), ...labels }), value: expected }] },
      {
        expr: `${METRIC.clusterErrorRatio5m}${sloMatchers(slo)}`,
        eval_time: `${steady}m`,
        exp_samples: [
          { labels: labelSet({ __name__: METRIC.clusterErrorRatio5m, ...labels, [topology.clusterLabel]: busy.cluster }), value: BUSY.errors / BUSY.events },
          { labels: labelSet({ __name__: METRIC.clusterErrorRatio5m, ...labels, [topology.clusterLabel]: quiet.cluster }), value: QUIET.errors / QUIET.events },
        ],
      },
      ...(tier
        ? [
            {
              expr: `ALERTS{alertname=${quote(slo.alerting!.alertName)},alertstate="firing",${sloMatchers(slo).slice(1, -1)},${LABEL.longWindow}=${quote(tier.longWindow.text)},${LABEL.shortWindow}=${quote(tier.shortWindow.text)}}`,
              eval_time: `${STEADY + OUTAGE - 1}m`,
              exp_samples: [{ labels: labelSet({ __name__: 'ALERTS', alertname: slo.alerting!.alertName, alertstate: 'firing', ...labels, ...burnRateAlertLabels(slo, slo.alerting!, tier) }), value: 1 }],
            },
          ]
        : []),
    ],
  };
}

/** The quiet server stops: its no-data alert fires, carrying its cluster; the busy one's error-free traffic raises no burn. */
function silentServerTest(slo: Slo, slos: readonly Slo[], topology: Topology, servers: readonly EdgeServer[]) {
  const alerting = slo.alerting;
  const noData = alerting?.noData;
  if (!alerting || !noData) return undefined;
  const [busy, quiet] = servers as [EdgeServer, EdgeServer];
  const check = STEADY / 2 + GONE_AFTER + Math.ceil(noData.for.seconds / 60);
  const clean = { events: BUSY.events, errors: 0 };
  return {
    name: `${slo.service}/${slo.name}: when ${quiet.cluster} stops reporting, its no-data alert fires within ${GONE_AFTER}m plus its ${noData.for.text}, and no burn-rate alert`,
    interval: '1m',
    input_series: inputs(slo, slos, topology, servers, [[segment(check + 1, clean)], [segment(STEADY / 2, { events: QUIET.events, errors: 0 })]]),
    promql_expr_test: [
      {
        expr: `ALERTS{alertname="${NO_DATA_ALERT_NAME}",alertstate="firing",${sloMatchers(slo).slice(1, -1)}}`,
        eval_time: `${check}m`,
        exp_samples: [{ labels: labelSet({ __name__: 'ALERTS', alertname: NO_DATA_ALERT_NAME, alertstate: 'firing', ...noDataAlertLabels(slo, alerting, noData), [topology.clusterLabel]: quiet.cluster }), value: 1 }],
      },
      ...(alerting.tiers.length ? [{ expr: `count_over_time(ALERTS{alertname=${quote(alerting.alertName)},${sloMatchers(slo).slice(1, -1)}}[${check}m])`, eval_time: `${check}m`, exp_samples: [] }] : []),
    ],
  };
}
