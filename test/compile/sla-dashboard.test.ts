/**
 * The SLA dashboard: opened on the current month, one row per SLO with an SLA, and its
 * month-to-date SLI, credit tier and allowed bad time evaluated by the real promtool on
 * recorded hourly tiles (and the hour so far) whose answer is known.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import { validateConfig } from '../../src/config/validate.ts';
import { render } from '../../src/render.ts';
import { toYaml } from '../../src/output/serialize.ts';
import { promtool } from '../support/promtool.ts';
import { ensureTools } from '../support/tools.ts';

interface PanelJson {
  type: string;
  title: string;
  targets?: { expr: string }[];
  fieldConfig?: { defaults: { unit?: string; thresholds?: { steps: { value: number | null }[] } } };
}
interface DashboardJson {
  uid: string;
  title: string;
  time: { from: string; to: string };
  panels: PanelJson[];
}

const dashboardsOf = (files: Iterable<{ path: string; content: string }>) =>
  new Map([...files].filter((f) => f.path.startsWith('grafana/dashboards/')).map((f) => [f.path.slice('grafana/dashboards/'.length, -'.json'.length), JSON.parse(f.content) as DashboardJson]));

describe('the SLA dashboard of the example', () => {
  let dashboard: DashboardJson;
  let work: string;
  beforeAll(async () => {
    ensureTools(['promtool']);
    dashboard = dashboardsOf(render(await loadConfig('slo.config.ts'))).get('sla-fraiseql')!;
    work = await mkdtemp(join(tmpdir(), 'sloforge-sla-dashboard-'));
  });
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });
  const panel = (title: string) => dashboard.panels.find((p) => p.title === title && p.type !== 'row')!;

  it('opens on the current month, a row per SLO with an SLA', () => {
    expect(dashboard.title).toBe('SLA: fraiseql');
    expect(dashboard.time).toEqual({ from: 'now/M', to: 'now' });
    expect(dashboard.panels.filter((p) => p.type === 'row').map((p) => p.title)).toContain('availability: SLA 99.5% per month');
    const sli = panel('SLI this month');
    expect(sli.fieldConfig?.defaults.thresholds?.steps.map((s) => s.value)).toEqual([null, 0.995, 0.999]);
    expect(panel('SLI by day against the SLO and SLA').fieldConfig?.defaults.thresholds?.steps.map((s) => s.value)).toEqual([null, 0.995, 0.999]);
  });

  it.each([
    // errors per event at one event per second: SLI, credit, allowed bad seconds left of January's 31 days at 99.5%.
    [0.001, 0.999, 0, 0.005 * 31 * 86400 - 0.001 * 864000],
    [0.007, 0.993, 10, 0.005 * 31 * 86400 - 0.007 * 864000],
    [0.014, 0.986, 25, 0.005 * 31 * 86400 - 0.014 * 864000],
    [0.03, 0.97, 50, 0.005 * 31 * 86400 - 0.03 * 864000],
  ])('evaluates, over 10 days of an error ratio of %s, to SLI %s, the credit owed and the seconds left (promtool)', async (errors, sli, credit, left) => {
    // Grafana's range variables as a 10-day range would fill them in.
    const expr = (title: string) => panel(title).targets![0]!.expr.replaceAll('$__range_s', '864000').replaceAll('$__range', '240h');
    const select = '{service="fraiseql",slo="availability"}';
    const test = {
      rule_files: [],
      evaluation_interval: '5m',
      tests: [
        {
          interval: '5m',
          input_series: [
            // Every 5m, as the tile group records them: each tile an hour's events, the hour so far a whole hour at the hour.
            { series: `slo:sli_errors:increase_last_hour${select}`, values: `${errors * 3600}+0x2880` },
            { series: `slo:sli_total:increase_last_hour${select}`, values: '3600+0x2880' },
            { series: `slo:sli_errors:increase_since_last_hour${select}`, values: `${errors * 3600}+0x2880` },
            { series: `slo:sli_total:increase_since_last_hour${select}`, values: '3600+0x2880' },
          ],
          promql_expr_test: [
            { expr: expr('SLI this month'), eval_time: '240h', exp_samples: [{ labels: select, value: sli }] },
            { expr: expr('Credit tier heading for'), eval_time: '240h', exp_samples: [{ labels: select, value: credit }] },
            { expr: expr('SLA allowed bad time left'), eval_time: '240h', exp_samples: [{ labels: select, value: left }] },
          ],
        },
      ],
    };
    const file = join(work, `sla-${errors}.yml`);
    await writeFile(file, toYaml(test));
    const run = await promtool(['test', 'rules', file]);
    expect(run.output).toContain('SUCCESS');
    expect(run.code, run.output).toBe(0);
  });
});

describe('SLA dashboards', () => {
  const ratio = { ratio: { errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' } };
  it('are made only for services with an SLA, and their uids are refused to a dashboard of the config', () => {
    const model = validateConfig(
      { services: [{ name: 'shop', slos: [{ name: 'availability', objective: 99.9, sli: ratio, sla: { objective: 99.5 } }] }, { name: 'web', slos: [{ name: 'availability', objective: 99.9, sli: ratio }] }] },
      'slo.config.json',
    );
    const dashboards = dashboardsOf(render(model));
    expect(dashboards.has('sla-shop')).toBe(true);
    expect(dashboards.has('sla-web')).toBe(false);
    // Without credits there is no tier to head for.
    expect(dashboards.get('sla-shop')!.panels.map((p) => p.title)).not.toContain('Credit tier heading for');
    expect(() =>
      validateConfig({ services: [{ name: 'shop', slos: [{ name: 'a', objective: 99, sli: ratio }] }], dashboards: [{ title: 'Mine', uid: 'sla-shop', rows: [{ title: 'r', panels: [{ title: 'p', type: 'stat', query: 'up' }] }] }] }, 'slo.config.json'),
    ).toThrow(/"sla-" to the SLA dashboards/);
  });
});
