/** Every dashboard as a file, and the provisioning that points Grafana at them. */
import type { Model } from '../../model/slo.ts';
import type { Artifact } from '../artifact.ts';
import { overviewDashboard } from './overview.ts';
import { renderDashboard } from './render.ts';
import { sloDashboard } from './slo-dashboard.ts';

export const GRAFANA_OUTPUT = {
  dashboard: (uid: string) => `grafana/dashboards/${uid}.json`,
  datasources: 'grafana/provisioning/datasources/sloforge.yml',
  dashboardProvider: 'grafana/provisioning/dashboards/sloforge.yml',
} as const;

/** The provisioned datasource's uid; dashboards pick it through their `$datasource` variable. */
const DATASOURCE_UID = 'prometheus';

export function grafanaFiles(model: Model): Artifact[] {
  const dashboards = [overviewDashboard(model), ...model.services.map(sloDashboard), ...model.dashboards];
  return [
    ...dashboards.map((d): Artifact => ({ path: GRAFANA_OUTPUT.dashboard(d.uid), format: 'json', data: renderDashboard(d) })),
    {
      path: GRAFANA_OUTPUT.datasources,
      format: 'yaml',
      data: {
        apiVersion: 1,
        datasources: [{ name: 'Prometheus', type: 'prometheus', uid: DATASOURCE_UID, access: 'proxy', url: model.grafana.prometheusUrl, isDefault: true, editable: false }],
      },
    },
    {
      path: GRAFANA_OUTPUT.dashboardProvider,
      format: 'yaml',
      data: {
        apiVersion: 1,
        providers: [{ name: 'sloforge', folder: 'SLOs', type: 'file', disableDeletion: false, allowUiUpdates: false, options: { path: model.grafana.dashboardsPath } }],
      },
    },
  ];
}

