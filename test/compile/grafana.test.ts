import { describe, expect, it, beforeAll } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { render } from '../../src/render.ts';
import type { Model } from '../../src/model/slo.ts';
import { validateConfig } from '../../src/config/validate.ts';
import { parse } from 'yaml';

interface PanelJson {
  id: number;
  description?: string;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: { expr: string; refId: string; legendFormat?: string }[];
  options?: { legend?: { showLegend: boolean }; reduceOptions?: { calcs: string[] } };
  fieldConfig?: { defaults: { unit?: string; thresholds?: { steps: { value: number | null }[] } } };
}
interface DashboardJson {
  uid: string;
  title: string;
  panels: PanelJson[];
  templating: { list: { name: string; query?: unknown }[] };
}

async function dashboardsOf(config: string): Promise<{ model: Model; dashboards: Record<string, DashboardJson> }> {
  const model = await loadConfig(config);
  const dashboards = Object.fromEntries(
    [...render(model)]
      .filter((f) => f.path.startsWith('grafana/dashboards/'))
      .map((f) => [f.path.slice('grafana/dashboards/'.length, -'.json'.length), JSON.parse(f.content) as DashboardJson]),
  );
  return { model, dashboards };
}

/** The panels of the row titled `row`, up to the next row. */
function rowPanels(dashboard: DashboardJson, row: string): PanelJson[] {
  const start = dashboard.panels.findIndex((p) => p.type === 'row' && p.title === row);
  expect(start, `row ${row}`).toBeGreaterThanOrEqual(0);
  const end = dashboard.panels.findIndex((p, i) => i > start && p.type === 'row');
  return dashboard.panels.slice(start + 1, end === -1 ? undefined : end);
}

const steps = (panel: PanelJson) => panel.fieldConfig?.defaults.thresholds?.steps.map((s) => s.value) ?? [];

describe('dashboards generated from the example config', () => {
  let model: Model;
  let dashboards: Record<string, DashboardJson>;
  beforeAll(async () => ({ model, dashboards } = await dashboardsOf('slo.config.ts')));

  it('are the SLO overview, one per service, an SLA one per service with SLAs, and the guide\'s two', () => {
    expect(Object.keys(dashboards).sort()).toEqual(['fraiseql-database-health', 'fraiseql-production-health', 'sla-fraiseql', 'slo-fraiseql', 'slo-overview']);
  });

  it('have stable uids of at most 40 characters, unique panel ids, legends, reduce calculations and a datasource on every query', () => {
    for (const [uid, dashboard] of Object.entries(dashboards)) {
      expect(dashboard.uid).toBe(uid);
      expect(uid.length).toBeLessThanOrEqual(40);
      const ids = dashboard.panels.map((p) => p.id);
      expect(new Set(ids).size, uid).toBe(ids.length);
      expect(ids.every((id) => id > 0)).toBe(true);
      for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
        expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
        expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
        for (const target of panel.targets!) expect(target.refId).toMatch(/^[A-Z]$/);
        if (panel.type === 'timeseries' || panel.type === 'state-timeline') expect(panel.options?.legend?.showLegend, panel.title).toBe(true);
        if (panel.type === 'stat' || panel.type === 'gauge') expect(panel.options?.reduceOptions?.calcs, panel.title).toEqual(['lastNotNull']);
      }
    }
  });

  it('draw each SLO against its own objective, budget and tier factors', () => {
    const service = dashboards['slo-fraiseql']!;
    for (const slo of model.services[0]!.slos.filter((s) => s.alerting)) {
      const panels = rowPanels(service, `${slo.name}: ${slo.objectivePercent}% over 30d`);
      const byTitle = (title: string) => panels.find((p) => p.title === title)!;
      expect(steps(byTitle('SLI over 30d'))).toEqual([null, slo.objective]);
      expect(steps(byTitle('Burn rate by alert window'))).toEqual([null, ...slo.alerting!.tiers.map((t) => t.factor)]);
      expect(steps(byTitle('Error ratio against the budget'))[1]).toBeCloseTo(1 - slo.objective, 12);
      expect(byTitle('Burn rate by alert window').targets!.map((t) => t.legendFormat)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
      expect(byTitle('Alerts').type).toBe('state-timeline');
    }
    // An SLO without alerting (the SLA's 150ms latency) has no burn rates to draw.
    expect(rowPanels(service, 'query-latency-sla: 95% over 30d').map((p) => p.title)).not.toContain('Burn rate by alert window');
    const availability = rowPanels(service, 'availability: 99.9% over 30d');
    expect(availability.find((p) => p.title === 'Budget left as time')?.description).toMatch(/^Of 43m12s:/);
    expect(steps(availability.find((p) => p.title === 'Burn rate by alert window')!)).toEqual([null, 14.4, 6, 3, 1]);
  });

  it('declare the guide\'s variables and its targets as thresholds', () => {
    const health = dashboards['fraiseql-production-health']!;
    expect(health.templating.list.map((v) => v.name)).toEqual(['datasource', 'job', 'environment', 'cluster']);
    const panel = (title: string) => health.panels.find((p) => p.title === title)!;
    expect(steps(panel('Uptime (target 99.9%)'))).toEqual([null, 0.999]);
    expect(steps(panel('Error rate (target <0.1%)'))).toEqual([null, 0.001]);
    expect(steps(panel('Query latency P95 (target <100ms)'))).toEqual([null, 0.1]);
    expect(steps(panel('Database connections (warning >80%)'))).toEqual([null, 0.8, 0.9]);
    expect(panel('Query latency P95 (target <100ms)').targets![0]!.expr).toContain('sum by (le) (rate(fraiseql_query_duration_seconds_bucket');
  });

  it('list every SLO in the overview table with a link to its service dashboard', () => {
    const table = dashboards['slo-overview']!.panels.find((p) => p.type === 'table')!;
    expect(table.targets).toHaveLength(5);
    expect(JSON.stringify(table)).toContain('/d/slo-${__data.fields.Service}');
  });
});

describe('an SLO grouped by a label', () => {
  it('gets a template variable for the label, and its queries follow it', async () => {
    const { dashboards } = await dashboardsOf('test/fixtures/every-kind.config.ts');
    const shop = dashboards['slo-shop']!;
    expect(shop.templating.list.find((v) => v.name === 'route')?.query).toBe('label_values(slo:sli_error:ratio_rate5m{service="shop"}, route)');
    const grouped = rowPanels(shop, 'errors-by-route: 99.5% over 7d');
    for (const panel of grouped.filter((p) => p.title !== 'Objective' && p.title !== 'Alerts')) {
      for (const target of panel.targets!) expect(target.expr, panel.title).toContain('route=~"$route"');
    }
  });
});

describe('the provisioned datasource', () => {
  const provisioned = async (grafana: Record<string, unknown> | undefined) => {
    const config = { services: [{ name: 'api', slos: [{ name: 'up', objective: 99, sli: { uptime: { gauge: 'up{job="api"}' } } }] }], ...(grafana ? { grafana } : {}) };
    const file = [...render(validateConfig(config, 'slo.json'))].find((f) => f.path === 'grafana/provisioning/datasources/sloforge.yml')!;
    return (parse(file.content) as { datasources: { name: string; isDefault: boolean }[] }).datasources;
  };

  it('does not claim to be Grafana\'s default datasource unless the config says so', async () => {
    expect((await provisioned(undefined)).map((d) => d.isDefault)).toEqual([false]);
    expect((await provisioned({ datasourceIsDefault: true })).map((d) => d.isDefault)).toEqual([true]);
  });

  it('refuses a datasourceIsDefault that is not a boolean, naming the path', () => {
    expect(() => validateConfig({ services: [], grafana: { datasourceIsDefault: 'yes' } }, 'slo.json')).toThrow(/grafana\.datasourceIsDefault: must be a boolean/);
  });
});
