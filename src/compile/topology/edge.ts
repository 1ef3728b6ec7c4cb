/**
 * What each edge server runs: the per-minute increases of the SLOs of the services it
 * scrapes (the only SLO rules that read raw series), the alerts that read raw series
 * (SLIBroken, the threshold alerts), and its prometheus.yml, which remote-writes the
 * increases to every global store.
 */
import type { Labels, Model, Service, Slo } from '../../model/slo.ts';
import type { EdgeServer, GlobalEngine, Topology } from '../../model/topology.ts';
import { GROUP_KIND, LABEL, MAX_RULES_PER_GROUP, METRIC, OUTPUT, SLI_BROKEN_ALERT_NAME, groupName } from '../../model/conventions.ts';
import { formatDuration } from '../../model/duration.ts';
import { STEP_SECONDS } from '../../model/windows.ts';
import { compareCodePoints } from '../../model/order.ts';
import type { Artifact } from '../artifact.ts';
import { alertRules } from '../prometheus/alerts.ts';
import { prometheusConfig } from '../prometheus/config.ts';
import { labelSet } from '../prometheus/promql.ts';
import { seriesLabels } from '../prometheus/recording.ts';
import type { RecordingRule, Rule, RuleGroup } from '../prometheus/rule.ts';
import { pack } from '../prometheus/rules.ts';
import { sliIncreases } from '../prometheus/sli.ts';
import { thresholdRules } from '../prometheus/thresholds.ts';

/**
 * The events of the minute up to each evaluation, as sli.ts counts them, under the edge's
 * names. `external`: labels the rules set themselves, as remote write would add them
 * (the split-chain tests, which run every server's rules in one promtool).
 */
export function edgeIncreaseRules(slo: Slo, external: Labels = {}): RecordingRule[] {
  const total = `${METRIC.totalClusterIncrease1m}${labelSet({ [LABEL.service]: slo.service, [LABEL.slo]: slo.name, ...external })}`;
  const increases = sliIncreases(slo, total);
  const labels = { ...seriesLabels(slo), ...external };
  // Total first: the errors rule of a ratio SLI compares against it.
  return [
    { record: METRIC.totalClusterIncrease1m, expr: increases.total, labels },
    { record: METRIC.errorsClusterIncrease1m, expr: increases.errors, labels },
  ];
}

export function edgeRuleGroups(service: Service): RuleGroup[] {
  const groups = (kind: (typeof GROUP_KIND)[keyof typeof GROUP_KIND], perSlo: Rule[][], interval?: string): RuleGroup[] =>
    pack(perSlo, MAX_RULES_PER_GROUP, true).map((rules, index) => ({ name: groupName(service.name, kind, index + 1), ...(interval ? { interval } : {}), rules }));
  return [
    ...groups(GROUP_KIND.edgeSli, service.slos.map((slo) => edgeIncreaseRules(slo)), formatDuration(STEP_SECONDS)),
    ...groups(GROUP_KIND.edgeAlerts, service.slos.map((slo) => alertRules(slo).filter((rule) => rule.alert === SLI_BROKEN_ALERT_NAME))),
    ...groups(GROUP_KIND.thresholds, [thresholdRules(service)]),
  ];
}

/** The services a server scrapes, in model order. */
export function servicesOf(model: Model, topology: Topology, server: EdgeServer): Service[] {
  return model.services.filter((service) => topology.scrapedBy[service.name]?.includes(server.name));
}

export function* edgeFiles(model: Model, topology: Topology): Generator<Artifact> {
  for (const server of topology.servers) {
    const services = servicesOf(model, topology, server);
    yield edgePrometheusConfig(model, topology, server, services);
    for (const service of services) yield { path: OUTPUT.edgeRulesFile(server.name, service.name), format: 'yaml', data: { groups: edgeRuleGroups(service) } };
  }
}

/** The single-server prometheus.yml of the server's services, with its own external labels, every Alertmanager peer and the remote writes. */
function edgePrometheusConfig(model: Model, topology: Topology, server: EdgeServer, services: readonly Service[]): Artifact {
  const single = prometheusConfig({ ...model, services }).data as { global: Record<string, unknown>; scrape_configs: unknown[] };
  const externalLabels = Object.fromEntries(Object.entries({ ...model.prometheus.externalLabels, ...server.externalLabels }).sort(([a], [b]) => compareCodePoints(a, b)));
  const remoteWrites = topology.engines.flatMap((engine) => remoteWrite(engine));
  return {
    path: OUTPUT.edgePrometheusConfig(server.name),
    format: 'yaml',
    data: {
      global: { ...single.global, external_labels: externalLabels },
      rule_files: [OUTPUT.ruleFilesGlob],
      alerting: alertmanagersOf(topology),
      ...(remoteWrites.length ? { remote_write: remoteWrites } : {}),
      scrape_configs: single.scrape_configs,
    },
  };
}

/** The global rules read only the edge increases: nothing else is sent. */
const EDGE_SERIES = `${METRIC.errorsClusterIncrease1m}|${METRIC.totalClusterIncrease1m}`;

function remoteWrite(engine: GlobalEngine) {
  if (engine.remoteWriteUrl === undefined) return [];
  return [
    {
      url: engine.remoteWriteUrl,
      name: engine.kind,
      ...(engine.kind === 'mimir' ? { headers: { 'X-Scope-OrgID': engine.tenant } } : {}),
      write_relabel_configs: [{ source_labels: ['__name__'], regex: EDGE_SERIES, action: 'keep' }],
    },
  ];
}

/** Every peer of the Alertmanager cluster: each deduplicates through the cluster's gossip, so a Prometheus sends to all. */
export function alertmanagersOf(topology: Topology) {
  return { alertmanagers: [{ static_configs: [{ targets: topology.alertmanagers }] }] };
}
