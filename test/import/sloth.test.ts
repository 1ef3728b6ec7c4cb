import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { promtool, testRules } from '../support/promtool.ts';
import { ensureTools } from '../support/tools.ts';
import { burnAlerts, FIXTURES, importAndGenerate, recorded, SLOTH_ANCHOR } from './imported-rules.ts';

ensureTools(['promtool']);

interface SlothRule {
  alert?: string;
  record?: string;
  expr: string;
  labels: Record<string, string>;
}

/** Sloth's own output for its getting-started spec: per alert, the window pairs it ORs and their factors. */
async function slothAlerts() {
  const groups = (parse(await readFile(join(SLOTH_ANCHOR, 'getting-started.generated.yml'), 'utf8')) as { groups: { rules: SlothRule[] }[] }).groups;
  const rules = groups.flatMap((g) => g.rules);
  const pairs = rules
    .filter((r) => r.alert)
    .flatMap((r) => {
      const windows = [...r.expr.matchAll(/ratio_rate(\w+)\{[^}]*\} > \(([0-9.]+) \*/g)].map((m) => ({ window: m[1]!, factor: Number(m[2]) }));
      const { sloth_severity, severity, ...labels } = r.labels;
      // Each OR'ed pair: short window first, then long, at the same factor.
      return [0, 2].map((i) => ({ short: windows[i]!.window, long: windows[i + 1]!.window, factor: windows[i]!.factor, severity, labels: { ...labels, sloth_severity } }));
    });
  const objective = Number(/vector\(([0-9.]+)\)/.exec(rules.find((r) => r.record === 'slo:objective:ratio')!.expr)![1]);
  return { pairs, objective };
}

describe("importing Sloth's getting-started spec", () => {
  it('keeps its objective, every window pair and factor, its severities and alert labels, and passes promtool', async () => {
    const { result, ruleFiles, rules } = await importAndGenerate([join(SLOTH_ANCHOR, 'getting-started.spec.yml')]);
    expect(result.losses).toEqual([]);
    expect(result.imported).toBe(1);
    const sloth = await slothAlerts();

    const alerts = burnAlerts(rules);
    expect(new Set(alerts.map((a) => a.alert))).toEqual(new Set(['MyServiceHighErrorRate']));
    const ours = alerts.map((a) => ({ short: a.short, long: a.long, factor: a.factor, severity: a.labels.severity, labels: { category: a.labels.category, ...(a.labels.routing_key ? { routing_key: a.labels.routing_key } : {}), ...(a.labels.slack_channel ? { slack_channel: a.labels.slack_channel } : {}), sloth_severity: a.labels.sloth_severity } }));
    expect(ours.sort((a, b) => a.factor - b.factor)).toEqual(sloth.pairs.sort((a, b) => a.factor - b.factor));

    const objective = Number(/vector\(([0-9.]+)\)/.exec(recorded(rules, 'slo:objective:ratio', 'requests-availability')[0]!)![1]);
    expect(objective).toBeCloseTo(sloth.objective, 12);
    // Sloth's `sum(rate(<selector>[{{.window}}]))` queries become the selectors whose per-minute increases the rules record.
    const spec = parse(await readFile(join(SLOTH_ANCHOR, 'getting-started.spec.yml'), 'utf8')) as { slos: { sli: { events: { error_query: string; total_query: string } } }[] };
    const perMinute = (query: string) => query.replace(/\brate\((.*)\[\{\{\.window\}\}\]\)/, '60 * irate($1[2m:1m])');
    const { error_query, total_query } = spec.slos[0]!.sli.events;
    expect(recorded(rules, 'slo:sli_total:increase1m', 'requests-availability')).toEqual([perMinute(total_query)]);
    expect(recorded(rules, 'slo:sli_errors:increase1m', 'requests-availability')[0]).toContain(perMinute(error_query));
    // Sloth's team labels are on every series.
    expect(rules.filter((r) => r.labels?.slo === 'requests-availability').every((r) => r.labels!.owner === 'myteam' && r.labels!.tier === '2')).toBe(true);

    const check = await promtool(['check', 'rules', ...ruleFiles]);
    expect(check.output).toContain('SUCCESS');
    expect(check.code).toBe(0);
  });

  it("writes a slo.config.ts that loads and generates the same rules as the YAML, and whose generated promtool tests pass", async () => {
    const ts = await importAndGenerate([join(SLOTH_ANCHOR, 'getting-started.spec.yml')], 'ts');
    const yaml = await importAndGenerate([join(SLOTH_ANCHOR, 'getting-started.spec.yml')], 'yaml');
    expect(ts.result.text).toMatch(/^import \{ defineConfig \} from 'sloforge';$/m);
    expect(ts.rules).toEqual(yaml.rules);
    const tests = await testRules(join(ts.dir, 'prometheus/tests/myservice.test.yml'));
    expect(tests.output).toContain('SUCCESS');
    expect(tests.code).toBe(0);
  });
});

describe('importing a stream of a PrometheusServiceLevel and a prometheus/v1 spec', () => {
  it('reads both documents; a plugin SLI is reported with its file and path and stays behind, the rest generates and passes promtool', async () => {
    const file = join(FIXTURES, 'sloth/kubernetes-and-raw.yml');
    const { result, ruleFiles, rules } = await importAndGenerate([file]);
    expect(result.imported).toBe(3);
    expect(result.dropped).toBe(1);
    expect(result.losses).toEqual([expect.objectContaining({ file, path: '[document 1] slos[1].sli.plugin', dropsSlo: true })]);
    expect(result.text).toContain(`# sloforge import: Sloth SLI plugin "sloth-common/kubernetes/apiserver/availability"`);

    // The CRD's camelCase fields, its pageAlert/ticketAlert severities.
    const crd = burnAlerts(rules).filter((a) => a.service === 'myservice');
    expect(crd.map((a) => `${a.long}/${a.short} ${a.factor} ${a.labels.severity}`).sort()).toEqual(['1d/2h 3 slack', '1h/5m 14.4 pageteam', '3d/6h 1 slack', '6h/30m 6 pageteam']);
    // A disabled ticket alert: only the page tiers; all alerts disabled: none.
    const wifi = burnAlerts(rules).filter((a) => a.slo === 'good-wifi-client-satisfaction');
    expect(wifi.map((a) => a.labels.sloth_severity)).toEqual(['page', 'page']);
    expect(burnAlerts(rules).filter((a) => a.slo === 'requests-by-route')).toEqual([]);
    // The raw SLI keeps Sloth's query, at sloforge's window.
    expect(rules.some((r) => r.expr.includes('count_over_time({__name__="ubiquiti_client_satisfaction_ratio"}[5m])'))).toBe(true);
    // `sum by (route)` becomes groupBy.
    expect(recorded(rules, 'slo:sli_total:increase1m', 'requests-by-route')).toEqual(['sum by (route) (60 * irate(http_requests_total{job="home"}[2m:1m]))']);

    const check = await promtool(['check', 'rules', ...ruleFiles]);
    expect(check.code, check.output).toBe(0);
  });
});
