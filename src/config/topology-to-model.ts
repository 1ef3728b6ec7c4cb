/**
 * The `topology` section: edge servers told apart by the cluster label, the global
 * engines, the Alertmanager peers, and which servers scrape each service.
 */
import type { SloforgeConfig } from './types.ts';
import type { DiagnosticList, Path } from './diagnostics.ts';
import { checkLabelNames, checkUnique, sortLabels, window } from './checks.ts';
import { checkAddress, checkUrl } from './urls.ts';
import { compareCodePoints } from '../model/order.ts';
import {
  DEFAULT_CLUSTER_LABEL,
  DEFAULT_MIMIR_NAMESPACE,
  MIMIR_DEFAULT_GROUPS_PER_TENANT,
  MIMIR_DEFAULT_RULES_PER_GROUP,
  GLOBAL_ENGINES,
  type EdgeServer,
  type GlobalEngine,
  type Topology,
} from '../model/topology.ts';

const DEFAULT_READ_DELAY = '1m';
/** Past this the global SLIs and pages trail the edge by more than the shortest alert window's worth of minutes. */
const MAX_READ_DELAY_SECONDS = 600;

export function toTopology(config: SloforgeConfig, alertmanagers: readonly string[], problems: DiagnosticList): Topology | undefined {
  const section = config.topology;
  if (!section) {
    config.services.forEach((service, index) => {
      if (service.servers) problems.add(['services', index, 'servers'], 'names servers, but the config has no "topology" section that declares them');
    });
    return undefined;
  }
  const at: Path = ['topology'];
  const clusterLabel = section.clusterLabel ?? DEFAULT_CLUSTER_LABEL;
  if (section.clusterLabel !== undefined) checkLabelNames([clusterLabel], [...at, 'clusterLabel'], problems);
  checkUnique(section.servers.map((s) => s.name), [...at, 'servers'], 'server', problems);
  const servers = section.servers.map((server, index): EdgeServer => {
    const labelsAt = [...at, 'servers', index, 'externalLabels'];
    checkLabelNames(server.externalLabels, labelsAt, problems);
    const cluster = server.externalLabels[clusterLabel];
    if (cluster === undefined) problems.add(labelsAt, `must set the cluster label "${clusterLabel}" (topology.clusterLabel): the global rules tell the servers' series apart by it`);
    return { name: server.name, externalLabels: sortLabels(server.externalLabels), cluster: cluster ?? '' };
  });
  servers.forEach((server, index) => {
    const first = servers.findIndex((s) => s.cluster === server.cluster);
    if (server.cluster !== '' && first !== index) {
      problems.add([...at, 'servers', index, 'externalLabels', clusterLabel], `"${server.cluster}" is also the cluster of server "${servers[first]!.name}": the global rules would add their series up as one server's`);
    }
  });
  checkClusterLabelFree(config, clusterLabel, problems);
  const engines = GLOBAL_ENGINES.flatMap((kind): GlobalEngine[] => {
    const engine = section.global[kind];
    if (!engine) return [];
    if (engine.remoteWriteUrl !== undefined) checkUrl(engine.remoteWriteUrl, [...at, 'global', kind, 'remoteWriteUrl'], problems);
    if (kind === 'mimir') {
      const mimir = section.global.mimir!;
      return [
        {
          kind,
          remoteWriteUrl: mimir.remoteWriteUrl,
          tenant: mimir.tenant,
          namespace: mimir.namespace ?? DEFAULT_MIMIR_NAMESPACE,
          maxRulesPerGroup: mimir.maxRulesPerGroup ?? MIMIR_DEFAULT_RULES_PER_GROUP,
          maxGroupsPerTenant: mimir.maxGroupsPerTenant ?? MIMIR_DEFAULT_GROUPS_PER_TENANT,
        },
      ];
    }
    if (kind === 'thanos') return [{ kind, remoteWriteUrl: engine.remoteWriteUrl }];
    return [{ kind, remoteWriteUrl: engine.remoteWriteUrl! }];
  });
  const peers = section.alertmanagers ?? alertmanagers;
  (section.alertmanagers ?? []).forEach((peer, index) => checkAddress(peer, [...at, 'alertmanagers', index], problems));
  const readDelay = window(section.readDelay ?? DEFAULT_READ_DELAY);
  if (readDelay.seconds > MAX_READ_DELAY_SECONDS) {
    problems.add([...at, 'readDelay'], `must be at most 10m, got "${readDelay.text}": every global SLI and page would trail the edge by that much`);
  }
  const names = new Set(servers.map((s) => s.name));
  const scrapedBy = Object.fromEntries(
    config.services.map((service, index) => {
      (service.servers ?? []).forEach((server, serverIndex) => {
        if (!names.has(server)) problems.add(['services', index, 'servers', serverIndex], `names no server of topology.servers; they are ${[...names].map((n) => `"${n}"`).join(', ')}`);
      });
      return [service.name, [...(service.servers ?? names)].sort(compareCodePoints)];
    }),
  );
  return { clusterLabel, servers: [...servers].sort((a, b) => compareCodePoints(a.name, b.name)), engines, alertmanagers: [...peers], readDelay, scrapedBy };
}

/** The global rules sum the cluster label away and keep it for the breakdown: no SLO may set it or group by it. */
function checkClusterLabelFree(config: SloforgeConfig, clusterLabel: string, problems: DiagnosticList): void {
  const taken = `is the cluster label (topology.clusterLabel): the global rules sum it away for the global SLO and keep it for the breakdown`;
  config.services.forEach((service, index) => {
    if (service.labels && clusterLabel in service.labels) problems.add(['services', index, 'labels', clusterLabel], taken);
    service.slos.forEach((slo, sloIndex) => {
      const at = ['services', index, 'slos', sloIndex];
      if (slo.labels && clusterLabel in slo.labels) problems.add([...at, 'labels', clusterLabel], taken);
      const [kind, sli] = Object.entries(slo.sli)[0] ?? [];
      const groupBy = (sli as { groupBy?: readonly string[] } | undefined)?.groupBy ?? [];
      if (groupBy.includes(clusterLabel)) problems.add([...at, 'sli', kind!, 'groupBy'], `"${clusterLabel}" ${taken}`);
    });
  });
}
