/** Every dashboard as a file, and the provisioning that points Grafana at them. */
import type { Model, Service } from '../../model/slo.ts';
import type { Dashboard } from '../../model/dashboard.ts';
import type { Artifact } from '../artifact.ts';
import { overviewDashboard } from './overview.ts';
import { renderDashboard } from './render.ts';
import { sloDashboard } from './slo-dashboard.ts';
import { slaDashboard } from './sla-dashboard.ts';

export const GRAFANA_OUTPUT = {
  dashboard: (uid: string) => `grafana/dashboards/${uid}.json`,
  datasources: 'grafana/provisioning/datasources/sloforge.yml',
  dashboardProvider: 'grafana/provisioning/dashboards/sloforge.yml',
} as const;

/** The provisioned datasource's uid; dashboards pick it through their `$datasource` variable. */
const DATASOURCE_UID = 'prometheus';

export function serviceDashboardFile(service: Service): Artifact {
  return dashboardFile(sloDashboard(service));
}

/** The service's SLA dashboard, when any of its SLOs has an SLA. */
export function slaDashboardFile(service: Service): Artifact | undefined {
  const dashboard = slaDashboard(service);
  return dashboard && dashboardFile(dashboard);
}

/** The overview, the config's own dashboards and the provisioning files. */
export function grafanaFiles(model: Model): Artifact[] {
  return [
    ...[overviewDashboard(model), ...model.dashboards].map(dashboardFile),
    {
      path: GRAFANA_OUTPUT.datasources,
      format: 'yaml',
      data: {
        apiVersion: 1,
        datasources: [{ name: 'Prometheus', type: 'prometheus', uid: DATASOURCE_UID, access: 'proxy', url: model.grafana.prometheusUrl, isDefault: model.grafana.datasourceIsDefault, editable: false }],
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

function dashboardFile(dashboard: Dashboard): Artifact {
  return { path: GRAFANA_OUTPUT.dashboard(dashboard.uid), format: 'json', data: renderDashboard(dashboard) };
}

