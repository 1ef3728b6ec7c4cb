/** The Kubernetes manifests that belong to the whole model rather than to one service. */
import type { Kubernetes } from '../../model/kubernetes.ts';
import type { Model } from '../../model/slo.ts';
import type { Artifact } from '../artifact.ts';
import { alertmanagerConfigFile } from './alertmanager-config.ts';
import { dashboardConfigMapFile } from './dashboard-configmap.ts';
import { probesFile } from './probe.ts';
import { scrapeFiles } from './scrape.ts';

/** `grafana`: the plain tree's Grafana files, whose dashboards become ConfigMaps. */
export function modelManifests(model: Model, kubernetes: Kubernetes, grafana: readonly Artifact[]): Artifact[] {
  return [
    ...probesFile(model, kubernetes),
    ...scrapeFiles(model, kubernetes),
    ...alertmanagerConfigFile(model, kubernetes),
    ...grafana.filter((file) => file.format === 'json').map((dashboard) => dashboardConfigMapFile(kubernetes, dashboard)),
  ];
}
