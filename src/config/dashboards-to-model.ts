/** The config's own dashboards: variables and panels checked, queries parsed with the variables filled in. */
import type { DashboardConfig, GrafanaConfig } from './types.ts';
import type { DiagnosticList } from './diagnostics.ts';
import { checkUnique, type Path } from './checks.ts';
import { parseSelector, syntaxError } from './promql.ts';
import { checkUrl } from './urls.ts';
import { dashboardUid, DATASOURCE_VARIABLE, type Dashboard, type GrafanaSettings, type Variable } from '../model/dashboard.ts';

const VARIABLE_KINDS = ['datasource', 'labelValues', 'custom'] as const;

/** Grafana's global variables that stand for a duration, for a number (milliseconds or seconds), and for text (https://grafana.com/docs/grafana/latest/visualizations/dashboards/variables/global-variables/). */
const DURATION_BUILT_INS = ['__rate_interval', '__interval', '__range'];
const NUMBER_BUILT_INS = ['__rate_interval_ms', '__interval_ms', '__range_s', '__range_ms', '__from', '__to'];
const TEXT_BUILT_INS = ['__dashboard', '__name', '__org', '__user', '__timezone', '__timeFilter', 'timeFilter'];
const GRAFANA_BUILT_INS = [...DURATION_BUILT_INS, ...NUMBER_BUILT_INS, ...TEXT_BUILT_INS];

export function toGrafana(config: GrafanaConfig | undefined, problems: DiagnosticList): GrafanaSettings {
  if (config?.url) checkUrl(config.url, ['grafana', 'url'], problems);
  if (config?.prometheusUrl) checkUrl(config.prometheusUrl, ['grafana', 'prometheusUrl'], problems, 'Grafana reaches Prometheus through the URL in the provisioned datasource file; give Prometheus a local address without credentials');
  return {
    prometheusUrl: config?.prometheusUrl ?? 'http://127.0.0.1:9090',
    dashboardsPath: config?.dashboardsPath ?? '/var/lib/grafana/dashboards/sloforge',
    datasourceIsDefault: config?.datasourceIsDefault ?? false,
    url: config?.url?.replace(/\/+$/, ''),
  };
}

export function toDashboards(dashboards: readonly DashboardConfig[] | undefined, problems: DiagnosticList): Dashboard[] {
  const list = (dashboards ?? []).map((dashboard, index) => toDashboard(dashboard, ['dashboards', index], problems));
  list.forEach((dashboard, index) => {
    // A uid the config does not set comes from the title: the problem is the title's.
    const at = ['dashboards', index, dashboards![index]!.uid === undefined ? 'title' : 'uid'];
    const derived = at[2] === 'title' ? ` (the uid made from the title)` : '';
    const sameTitle = list.findIndex((other) => other.title === dashboard.title);
    if (sameTitle < index) problems.add(['dashboards', index, 'title'], `is the title of dashboards[${sameTitle}] too; Grafana stops provisioning a folder that holds two dashboards of one title`);
    if (dashboard.title === 'SLO overview' || dashboard.title.startsWith('SLOs: ') || dashboard.title.startsWith('SLA: ')) problems.add(['dashboards', index, 'title'], `"${dashboard.title}": "SLO overview" and titles starting with "SLOs: " belong to the generated SLO dashboards, and "SLA: " to the SLA dashboards, in the same folder`);
    const first = list.findIndex((other) => other.uid === dashboard.uid);
    if (first < index) problems.add(at, `gives the uid "${dashboard.uid}"${derived}, as ${problems.name(['dashboards', first])} does; dashboards need distinct uids: set "uid"`);
    if (dashboard.uid.startsWith('slo-') || dashboard.uid.startsWith('sla-')) problems.add(at, `"${dashboard.uid}"${derived}: uids starting with "slo-" belong to the generated SLO dashboards, and "sla-" to the SLA dashboards`);
  });
  return list;
}

function toDashboard(config: DashboardConfig, path: Path, problems: DiagnosticList): Dashboard {
  const variables: Variable[] = (config.variables ?? []).map((v, index) => {
    const kinds = VARIABLE_KINDS.filter((kind) => kind in v);
    if (kinds.length !== 1) problems.add([...path, 'variables', index], `needs exactly one of ${VARIABLE_KINDS.map((k) => `"${k}"`).join(', ')}${kinds.length ? `; has ${kinds.join(' and ')}` : ''}`);
    const label = v.label ?? v.name;
    const at = [...path, 'variables', index];
    if (v.name === DATASOURCE_VARIABLE && !('datasource' in v)) problems.add([...at, 'name'], `is the name of the data source variable sloforge adds to every dashboard; name this one otherwise`);
    if ('labelValues' in v && v.labelValues.metric !== undefined) {
      // Grafana runs what is written here as label_values(<metric>, <label>): anything but a selector would query other series.
      const parsed = parseSelector(v.labelValues.metric);
      if (!parsed.ok) problems.add([...at, 'labelValues', 'metric'], `must be a series selector such as up{job="api"}: ${parsed.message}`);
    }
    if ('custom' in v) {
      v.custom.forEach((value, i) => {
        if (value.includes(',')) problems.add([...at, 'custom', i], `holds a comma, which Grafana splits a custom variable's values on; write each value as its own item, without commas`);
      });
    }
    if ('datasource' in v) return { kind: 'datasource', name: v.name, label };
    if ('custom' in v || kinds.length === 0) return { kind: 'custom', name: v.name, label, values: 'custom' in v ? v.custom : [] };
    return { kind: 'labelValues', name: v.name, label, labelName: v.labelValues.label, metric: v.labelValues.metric, multi: v.multi ?? false };
  });
  checkUnique(variables.map((v) => v.name), [...path, 'variables'], 'variable', problems);
  if (!variables.some((v) => v.kind === 'datasource' && v.name === DATASOURCE_VARIABLE)) {
    variables.unshift({ kind: 'datasource', name: DATASOURCE_VARIABLE, label: 'Data source' });
  }
  const known = new Set([...variables.map((v) => v.name), ...GRAFANA_BUILT_INS]);
  return {
    uid: config.uid ?? dashboardUid(config.title),
    title: config.title,
    ...(config.description ? { description: config.description } : {}),
    tags: [...(config.tags ?? [])],
    variables,
    rows: config.rows.map((row, r) => ({
      title: row.title,
      panels: row.panels.map((panel, p) => {
        const at = [...path, 'rows', r, 'panels', p, 'query'];
        for (const [, name] of panel.query.matchAll(/\$\{?([A-Za-z_]\w*)/g)) {
          if (!known.has(name!)) problems.add(at, `uses $${name}, which is not a variable of this dashboard (${[...known].filter((k) => !GRAFANA_BUILT_INS.includes(k)).join(', ')})`);
        }
        const error = syntaxError(withSampleValues(panel.query), 'a rule result');
        if (error) problems.add(at, `${error} (with variables filled in)`);
        return {
          title: panel.title,
          type: panel.type,
          ...(panel.description ? { description: panel.description } : {}),
          queries: [{ expr: panel.query, ...(panel.legend ? { legend: panel.legend } : {}), ...(panel.type === 'timeseries' ? {} : { instant: true }) }],
          ...(panel.unit ? { unit: panel.unit } : {}),
          ...(panel.min !== undefined ? { min: panel.min } : {}),
          ...(panel.max !== undefined ? { max: panel.max } : {}),
          thresholds: panel.thresholds ? [{ value: null, color: 'green' }, ...panel.thresholds] : [],
          thresholdLines: panel.type === 'timeseries' && !!panel.thresholds,
          width: panel.width ?? 8,
        };
      }),
    })),
  };
}

/**
 * A query as Prometheus would see it once Grafana fills in the variables: ranges and
 * intervals become `5m`, a variable that is a whole regex matcher `.*` (All), any other `sample`. Dashboard checks parse and run this.
 */
export function withSampleValues(query: string): string {
  return query
    .replace(new RegExp(`\\$\\{?(?:${DURATION_BUILT_INS.join('|')})\\b\\}?`, 'g'), '5m')
    .replace(new RegExp(`\\$\\{?(?:${NUMBER_BUILT_INS.join('|')})\\b(?::[\\w:-]+)?\\}?`, 'g'), '300')
    .replace(/=~"\$\{?\w+(?::\w+)?\}?"/g, '=~".*"')
    .replace(/\$\{?([A-Za-z_]\w*)(?:\.\w+)?(?::\w+)?\}?/g, 'sample');
}
