/** A dashboard as a ConfigMap Grafana's sidecar loads: one dashboard each, its JSON byte for byte the plain tree's file. */
import type { Kubernetes } from '../../model/kubernetes.ts';
import { KUBERNETES_OUTPUT, OBJECT_NAME, dashboardKey } from '../../model/kubernetes-names.ts';
import { toJson } from '../../output/serialize.ts';
import type { Artifact } from '../artifact.ts';
import { API_VERSION, metadata } from './metadata.ts';

/** `dashboard`: the plain tree's dashboard artifact. */
export function dashboardConfigMapFile(kubernetes: Kubernetes, dashboard: Artifact): Artifact {
  const uid = (dashboard.data as { uid: string }).uid;
  return {
    path: KUBERNETES_OUTPUT.dashboard(uid),
    format: 'yaml-stream',
    data: [
      {
        apiVersion: API_VERSION.core,
        kind: 'ConfigMap',
        metadata: metadata(kubernetes, 'dashboards', OBJECT_NAME.dashboard(uid), kubernetes.dashboardLabels),
        data: { [dashboardKey(uid)]: toJson(dashboard.data) },
      },
    ],
  };
}
