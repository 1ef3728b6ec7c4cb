/**
 * Dashboard models to Grafana's classic (v1) dashboard JSON, through the foundation
 * SDK's builders. The SDK leaves panel ids unset, legends hidden and reduce
 * calculations empty; every panel gets them here, in one place.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as common from '@grafana/grafana-foundation-sdk/common';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as gauge from '@grafana/grafana-foundation-sdk/gauge';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import { DATASOURCE_VARIABLE, type Dashboard, type Panel, type Variable } from '../../model/dashboard.ts';

const datasource = { type: 'prometheus', uid: `\${${DATASOURCE_VARIABLE}}` };
const DEFAULT_HEIGHT = 8;

export function renderDashboard(model: Dashboard): object {
  const builder = new dashboard.DashboardBuilder(model.title)
    .uid(model.uid)
    .tags([...model.tags])
    .editable()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .time(model.time ?? { from: 'now-7d', to: 'now' })
    .refresh('1m')
    .timezone('browser');
  if (model.description) builder.description(model.description);
  for (const variable of model.variables) builder.withVariable(variableBuilder(variable));
  for (const link of model.links ?? []) builder.link(linkTo(link.title, `/d/${link.uid}`));
  for (const row of model.rows) {
    builder.withRow(new dashboard.RowBuilder(row.title));
    for (const panel of row.panels) builder.withPanel(panelBuilder(panel));
  }
  const json = builder.build() as { panels: { id?: number }[] };
  json.panels.forEach((panel, index) => (panel.id = index + 1));
  return json;
}

/** Grafana's schema types dashboard links and field data links alike. */
function linkTo(title: string, url: string) {
  return new dashboard.DashboardLinkBuilder(title).type(dashboard.DashboardLinkType.Link).url(url).icon('dashboard').tooltip(title).tags([]).keepTime(true).includeVars(false).asDropdown(false).targetBlank(false);
}

function variableBuilder(variable: Variable) {
  switch (variable.kind) {
    case 'datasource':
      return new dashboard.DatasourceVariableBuilder(variable.name).label(variable.label).type('prometheus');
    case 'custom':
      return new dashboard.CustomVariableBuilder(variable.name).label(variable.label).values(variable.values.join(','));
    case 'labelValues':
      return new dashboard.QueryVariableBuilder(variable.name)
        .label(variable.label)
        .datasource(datasource)
        .query(`label_values(${variable.metric ? `${variable.metric}, ` : ''}${variable.labelName})`)
        .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
        .includeAll(true)
        .allValue('.*')
        .multi(variable.multi)
        .sort(dashboard.VariableSort.AlphabeticalAsc);
  }
}

function panelBuilder(panel: Panel) {
  const builder = typedBuilder(panel);
  builder
    .title(panel.title)
    .datasource(datasource)
    .span(panel.width)
    .height(panel.height ?? DEFAULT_HEIGHT)
    .thresholds(
      new dashboard.ThresholdsConfigBuilder()
        .mode(dashboard.ThresholdsMode.Absolute)
        .steps(panel.thresholds.length ? panel.thresholds.map((t) => ({ value: t.value, color: t.color })) : [{ value: null, color: 'green' }]),
    );
  if (panel.description) builder.description(panel.description);
  if (panel.unit) builder.unit(panel.unit);
  if (panel.decimals !== undefined) builder.decimals(panel.decimals);
  if (panel.min !== undefined) builder.min(panel.min);
  if (panel.max !== undefined) builder.max(panel.max);
  if (panel.noValue) builder.noValue(panel.noValue);
  if (panel.link) builder.dataLinks([linkTo(panel.link.title, panel.link.url)]);
  panel.queries.forEach((query, index) => {
    const target = new DataqueryBuilder().expr(query.expr).refId(String.fromCharCode(65 + index)).datasource(datasource);
    if (query.legend) target.legendFormat(query.legend);
    if (query.instant) target.instant().format(panel.type === 'table' ? PromQueryFormat.Table : PromQueryFormat.TimeSeries);
    else target.range();
    builder.withTarget(target);
  });
  return builder;
}

const legend = () => new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom).calcs([]);
const lastValue = () => new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false);

function typedBuilder(panel: Panel) {
  switch (panel.type) {
    case 'timeseries': {
      const builder = new timeseries.PanelBuilder().legend(legend()).lineWidth(1).fillOpacity(10).spanNulls(false);
      if (panel.thresholdLines) builder.thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed));
      return builder;
    }
    case 'stat':
      return new stat.PanelBuilder().reduceOptions(lastValue()).graphMode(common.BigValueGraphMode.None).colorMode(common.BigValueColorMode.Value);
    case 'gauge':
      return new gauge.PanelBuilder().reduceOptions(lastValue()).showThresholdMarkers(true);
    case 'state-timeline':
      return new statetimeline.PanelBuilder().legend(legend()).showValue(common.VisibilityMode.Never).mergeValues(true);
    case 'table':
      return tableBuilder(panel);
  }
}

/**
 * One row per series: instant queries merged on their labels, columns renamed and
 * ordered. Grafana's schema types override values as objects, so per-column settings
 * are limited to colour thresholds; text columns are converted instead of given a unit.
 */
function tableBuilder(panel: Panel) {
  const builder = new table.PanelBuilder().showHeader(true).cellHeight(common.TableCellHeight.Sm);
  const columns = panel.columns ?? [];
  if (columns.length) {
    builder.withTransformation({ id: 'merge', options: {} });
    builder.withTransformation({
      id: 'organize',
      options: {
        excludeByName: { Time: true },
        indexByName: Object.fromEntries(columns.map((c, i) => [c.field, i])),
        renameByName: Object.fromEntries(columns.map((c) => [c.field, c.header])),
      },
    });
    const text = columns.filter((c) => c.text);
    if (text.length) builder.withTransformation({ id: 'convertFieldType', options: { conversions: text.map((c) => ({ targetField: c.header, destinationType: 'string' })) } });
  }
  for (const column of columns.filter((c) => c.thresholds)) {
    builder.withOverride({
      matcher: { id: 'byNames', options: { mode: 'include', names: [column.header] } },
      properties: [
        { id: 'thresholds', value: { mode: dashboard.ThresholdsMode.Absolute, steps: column.thresholds!.map((t) => ({ value: t.value, color: t.color })) } },
        { id: 'custom.cellOptions', value: { type: 'color-background' } },
      ],
    });
  }
  return builder;
}
