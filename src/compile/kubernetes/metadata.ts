/** The apiVersions sloforge writes (those of the CRDs it is checked against) and the metadata every resource carries. */
import type { Kubernetes, KubernetesKind, KubernetesPlacement } from '../../model/kubernetes.ts';
import type { Labels } from '../../model/slo.ts';

export const API_VERSION = {
  monitoring: 'monitoring.coreos.com/v1',
  monitoringAlpha: 'monitoring.coreos.com/v1alpha1',
  core: 'v1',
} as const;

export interface Metadata {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
}

export function metadata(kubernetes: Kubernetes, kind: KubernetesKind, name: string, extraLabels: Labels = {}): Metadata {
  const placement: KubernetesPlacement = kubernetes.placement[kind];
  const labels = Object.entries({ ...placement.labels, ...extraLabels }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { name, namespace: placement.namespace, labels: Object.fromEntries(labels) };
}
