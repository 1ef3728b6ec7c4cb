/**
 * Several Prometheus servers and the global engines above them. The edge runs what reads
 * raw series; the global engines run everything that reads recorded series, summed over
 * the servers that scrape a service.
 */
import type { Labels, Window } from './slo.ts';

export const GLOBAL_ENGINES = ['prometheus', 'vmalert', 'thanos', 'mimir'] as const;
export type GlobalEngineKind = (typeof GLOBAL_ENGINES)[number];

export interface EdgeServer {
  readonly name: string;
  /** Sorted; the cluster label among them. */
  readonly externalLabels: Labels;
  /** The value of the cluster label. */
  readonly cluster: string;
}

export type GlobalEngine =
  | { readonly kind: 'prometheus' | 'vmalert'; readonly remoteWriteUrl: string }
  | { readonly kind: 'thanos'; readonly remoteWriteUrl: string | undefined }
  | {
      readonly kind: 'mimir';
      readonly remoteWriteUrl: string;
      readonly tenant: string;
      readonly namespace: string;
      readonly maxRulesPerGroup: number;
      readonly maxGroupsPerTenant: number;
    };

export interface Topology {
  readonly clusterLabel: string;
  /** Sorted by name. */
  readonly servers: readonly EdgeServer[];
  /** In GLOBAL_ENGINES order. */
  readonly engines: readonly GlobalEngine[];
  /** Every Alertmanager peer. */
  readonly alertmanagers: readonly string[];
  /** The global rules read the edges' series this far back, so that late remote writes have arrived. */
  readonly readDelay: Window;
  /** By service name: the names of the servers that scrape it, sorted. */
  readonly scrapedBy: Readonly<Record<string, readonly string[]>>;
}

export const DEFAULT_CLUSTER_LABEL = 'cluster';
export const DEFAULT_MIMIR_NAMESPACE = 'sloforge';
/** Mimir's defaults for `ruler_max_rules_per_rule_group` and `ruler_max_rule_groups_per_tenant`. */
export const MIMIR_DEFAULT_RULES_PER_GROUP = 20;
export const MIMIR_DEFAULT_GROUPS_PER_TENANT = 70;
