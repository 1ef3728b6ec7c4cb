/** The Kubernetes output in the model: where each kind of resource goes, its labels, and how a service is scraped there. */
import type { Labels } from './slo.ts';

export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

/** The kinds of resource sloforge writes, by the config key that configures them. */
export const KUBERNETES_KINDS = ['prometheusRules', 'probes', 'scrapeConfigs', 'serviceMonitors', 'alertmanagerConfig', 'dashboards'] as const;
export type KubernetesKind = (typeof KUBERNETES_KINDS)[number];

export interface KubernetesPlacement {
  readonly namespace: string;
  /** The section's labels with the kind's own over them, sorted. */
  readonly labels: Labels;
}

export interface ServiceMonitorTarget {
  readonly selector: Labels;
  readonly port: string;
  /** Empty: the ServiceMonitor's own namespace. */
  readonly namespaces: readonly string[];
}

export interface Kubernetes {
  readonly placement: Readonly<Record<KubernetesKind, KubernetesPlacement>>;
  /** On every dashboard ConfigMap, beside the placement's labels: what Grafana's sidecar selects. */
  readonly dashboardLabels: Labels;
  /** By service name: the services scraped through a ServiceMonitor rather than a ScrapeConfig. */
  readonly serviceMonitors: Readonly<Record<string, ServiceMonitorTarget>>;
}
