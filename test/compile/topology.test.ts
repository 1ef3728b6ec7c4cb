/**
 * The topology output: edge servers' prometheus.yml and rules, the global rules in each
 * engine's format, checked by the real promtool and vmalert where they exist here, and
 * against the engines' documented fields where they do not (mimirtool and thanos are not
 * installable from Debian's packages).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generateInto } from '../support/generate.ts';
import { promtool, run } from '../support/promtool.ts';
import { ensureTools } from '../support/tools.ts';
import { toYaml } from '../../src/output/serialize.ts';
import { loadConfig } from '../../src/config/load.ts';
import { render } from '../../src/render.ts';
import { expressionSelectors } from '../../src/check/expression-selectors.ts';
import { METRIC } from '../../src/model/conventions.ts';
import { validateConfig } from '../../src/config/validate.ts';
import { ConfigError } from '../../src/config/diagnostics.ts';
import twoClusters from '../fixtures/two-clusters.config.ts';

const FIXTURE = 'test/fixtures/two-clusters.config.ts';

interface Rule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
}
interface Group {
  readonly name: string;
  readonly interval?: string;
  readonly partial_response_strategy?: string;
  readonly rules: readonly Rule[];
}

let dir: string;
let files: string[];
const yamlOf = async <T>(path: string): Promise<T> => parse(await readFile(join(dir, path), 'utf8')) as T;
const metricsOf = (expr: string) => expressionSelectors(expr).map((s) => s.selector.metric);
const EDGE_SERIES = [METRIC.errorsClusterIncrease1m, METRIC.totalClusterIncrease1m] as const;

beforeAll(async () => {
  ensureTools(['promtool', 'vmalert']);
  ({ dir, files } = await generateInto(FIXTURE));
});

describe('a config with two clusters and every global engine', () => {
  it('writes each server its prometheus.yml and rules, and each engine its rule files', () => {
    expect(files.filter((f) => f.startsWith('topology/')).sort()).toEqual([
      'topology/global/mimir/slo.yml',
      'topology/global/prometheus/prometheus.yml',
      'topology/global/prometheus/rules/checkout.yml',
      'topology/global/prometheus/rules/search.yml',
      'topology/global/thanos/checkout.yml',
      'topology/global/thanos/search.yml',
      'topology/global/vmalert/checkout.yml',
      'topology/global/vmalert/search.yml',
      'topology/servers/eu/prometheus.yml',
      'topology/servers/eu/rules/checkout.yml',
      'topology/servers/eu/rules/search.yml',
      'topology/servers/us/prometheus.yml',
      'topology/servers/us/rules/checkout.yml',
      'topology/tests/checkout.test.yml',
      'topology/tests/edge/eu/checkout.yml',
      'topology/tests/edge/us/checkout.yml',
    ]);
  });

  it('gives each edge server its external labels, every Alertmanager peer, a remote write per store that needs one (Mimir with its tenant) and only its services\' scrape jobs', async () => {
    const us = await yamlOf<Record<string, any>>('topology/servers/us/prometheus.yml');
    expect(us.global.external_labels).toEqual({ cluster: 'us-east-1', region: 'us' });
    expect(us.alerting.alertmanagers).toEqual([{ static_configs: [{ targets: ['127.0.0.1:9093', '127.0.0.1:9094'] }] }]);
    expect(us.scrape_configs.map((job: { job_name: string }) => job.job_name)).toEqual(['checkout']);
    expect(us.remote_write.map((w: { name: string; url: string }) => [w.name, w.url])).toEqual([
      ['prometheus', 'http://127.0.0.1:9090/api/v1/write'],
      ['vmalert', 'http://127.0.0.1:8428/api/v1/write'],
      ['thanos', 'http://127.0.0.1:19291/api/v1/receive'],
      ['mimir', 'http://127.0.0.1:9009/api/v1/push'],
    ]);
    expect(us.remote_write.at(-1).headers).toEqual({ 'X-Scope-OrgID': 'team-payments' });
    for (const write of us.remote_write) expect(write.write_relabel_configs).toEqual([{ source_labels: ['__name__'], regex: EDGE_SERIES.join('|'), action: 'keep' }]);
    const eu = await yamlOf<Record<string, any>>('topology/servers/eu/prometheus.yml');
    expect(eu.scrape_configs.map((job: { job_name: string }) => job.job_name)).toEqual(['checkout', 'search']);
    const global = await yamlOf<Record<string, any>>('topology/global/prometheus/prometheus.yml');
    expect(global.alerting).toEqual(us.alerting);
  });

  it('runs at the edge only what reads raw series: the per-minute increases, SLIBroken and the threshold alerts', async () => {
    const { groups } = await yamlOf<{ groups: Group[] }>('topology/servers/us/rules/checkout.yml');
    expect(groups.map((g) => g.name)).toEqual(['sloforge-checkout-edge-sli', 'sloforge-checkout-edge-alerts', 'sloforge-checkout-thresholds']);
    const rules = groups.flatMap((g) => g.rules);
    expect(new Set(rules.map((r) => r.record ?? r.alert))).toEqual(new Set([...EDGE_SERIES, 'SLIBroken', 'CheckoutDown']));
    for (const rule of rules) for (const metric of metricsOf(rule.expr)) expect(metric === METRIC.totalClusterIncrease1m || !metric.startsWith('slo:'), rule.expr).toBe(true);
  });

  it('runs in every global engine only what reads recorded series, the edge increases read a minute back', async () => {
    for (const path of files.filter((f) => /^topology\/global\/(prometheus\/rules|vmalert|thanos|mimir)\//.test(f))) {
      const { groups } = await yamlOf<{ groups: Group[] }>(path);
      for (const rule of groups.flatMap((g) => g.rules)) {
        for (const metric of metricsOf(rule.expr)) expect(metric.startsWith('slo:'), `${path}: ${rule.expr}`).toBe(true);
        if (EDGE_SERIES.some((series) => rule.expr.includes(`${series}{`))) expect(rule.expr, path).toMatch(/\] offset 1m\)/);
      }
    }
  });

  it('in vmalert, no rule reads a series recorded by an earlier rule of its group, whose sample may not be visible yet', async () => {
    for (const service of ['checkout', 'search']) {
      const { groups } = await yamlOf<{ groups: Group[] }>(`topology/global/vmalert/${service}.yml`);
      for (const group of groups) {
        const recorded = new Set<string>();
        for (const rule of group.rules) {
          for (const metric of metricsOf(rule.expr)) expect(recorded.has(metric), `${group.name}: ${rule.expr}`).toBe(false);
          if (rule.record) recorded.add(rule.record);
        }
      }
    }
  });

  it('states every group\'s interval in the vmalert, Thanos and Mimir files: the config\'s evaluation interval where the group has none of its own, not the engine\'s 1m default', async () => {
    const byFile = await Promise.all(
      files.filter((f) => /^topology\/global\/(vmalert|thanos|mimir)\//.test(f)).map(async (f) => (await yamlOf<{ groups: Group[] }>(f)).groups.map((g) => `${f} ${g.name} ${g.interval ?? 'none'}`)),
    );
    const intervals = byFile.flat();
    expect(intervals.length).toBeGreaterThan(0);
    for (const line of intervals) expect(line).toMatch(/ (30s|1m|5m)$/);
    // The metadata and alert groups, which have no interval of their own, run at the config's.
    const own = intervals.filter((line) => /-(meta|alerts)(-\d+)? /.test(line));
    expect(own.filter((line) => !line.endsWith(' 30s'))).toEqual([]);
    expect(own.some((line) => /-meta /.test(line)) && own.some((line) => /-alerts /.test(line))).toBe(true);
  });

  it('vmalert -dryRun accepts the vmalert files', async () => {
    const result = await run('vmalert', ['-dryRun', ...['checkout', 'search'].map((s) => `-rule=${join(dir, `topology/global/vmalert/${s}.yml`)}`)]);
    expect(result.code, result.output).toBe(0);
  });

  it('promtool accepts every edge and global Prometheus rule file and prometheus.yml', async () => {
    const ruleFiles = files.filter((f) => /^topology\/(servers\/[^/]+\/rules|global\/prometheus\/rules)\//.test(f)).map((f) => join(dir, f));
    const rules = await promtool(['check', 'rules', ...ruleFiles]);
    expect(rules.code, rules.output).toBe(0);
    const configs = await promtool(['check', 'config', ...['servers/eu', 'servers/us', 'global/prometheus'].map((at) => join(dir, `topology/${at}/prometheus.yml`))]);
    expect(configs.code, configs.output).toBe(0);
  });

  it('gives every Thanos group partial_response_strategy: abort (Thanos Ruler\'s documented group field), and stripped of it the files pass promtool', async () => {
    for (const service of ['checkout', 'search']) {
      const path = `topology/global/thanos/${service}.yml`;
      const { groups } = await yamlOf<{ groups: Group[] }>(path);
      expect(groups.length).toBeGreaterThan(0);
      for (const group of groups) expect(group.partial_response_strategy).toBe('abort');
      const stripped = join(dir, `${service}.thanos-stripped.yml`);
      await writeFile(stripped, toYaml({ groups: groups.map(({ partial_response_strategy: _, ...group }) => group) }));
      const result = await promtool(['check', 'rules', stripped]);
      expect(result.code, result.output).toBe(0);
    }
  });

  it('writes Mimir one namespace file (mimirtool\'s `namespace:` + `groups:`), groups within its rules-per-group limit, and stripped of the namespace it passes promtool', async () => {
    const file = await yamlOf<{ namespace: string; groups: Group[] }>('topology/global/mimir/slo.yml');
    expect(Object.keys(file)).toEqual(['namespace', 'groups']);
    expect(file.namespace).toBe('slo');
    const names = file.groups.map((g) => g.name);
    expect(new Set(names).size).toBe(names.length);
    for (const group of file.groups) expect(group.rules.length, group.name).toBeLessThanOrEqual(20);
    const stripped = join(dir, 'mimir-stripped.yml');
    await writeFile(stripped, toYaml({ groups: file.groups }));
    const result = await promtool(['check', 'rules', stripped]);
    expect(result.code, result.output).toBe(0);
  });
});

describe("the Mimir tenant's rule-group limit", () => {
  const withLimit = (maxGroupsPerTenant: number) => ({ ...twoClusters, topology: { ...twoClusters.topology!, global: { ...twoClusters.topology!.global, mimir: { ...twoClusters.topology!.global.mimir!, maxGroupsPerTenant } } } });

  it('takes a limit of exactly the groups the namespace file holds, and refuses one fewer, naming the tenant, the count and what to change', async () => {
    const groups = (await yamlOf<{ groups: Group[] }>('topology/global/mimir/slo.yml')).groups.length;
    expect(() => validateConfig(withLimit(groups), 'slo.config.ts')).not.toThrow();
    const refused = () => validateConfig(withLimit(groups - 1), 'slo.config.ts');
    expect(refused).toThrow(ConfigError);
    expect(refused).toThrow(`topology.global.mimir: gives tenant "${twoClusters.topology!.global.mimir!.tenant}" ${groups} rule groups, more than its maxGroupsPerTenant of ${groups - 1}`);
  });
});

describe('the split chain in promtool', () => {
  it('passes its generated tests: event-weighted global SLI, the cluster breakdown, a global page, a silent server\'s no-data', async () => {
    const result = await promtool(['test', 'rules', join(dir, 'topology/tests/checkout.test.yml')]);
    expect(result.output).toContain('SUCCESS');
    expect(result.code, result.output).toBe(0);
  });

  it('fails them when the global increases take one cluster instead of summing them', async () => {
    const path = join(dir, 'topology/global/prometheus/rules/checkout.yml');
    const original = await readFile(path, 'utf8');
    const broken = original.replaceAll('sum by (service, slo) (last_over_time(', 'max by (service, slo) (last_over_time(');
    expect(broken).not.toBe(original);
    await writeFile(path, broken);
    try {
      const result = await promtool(['test', 'rules', join(dir, 'topology/tests/checkout.test.yml')]);
      expect(result.code).toBe(1);
      expect(result.output).toContain('slo:sli_error:ratio_rate5m');
    } finally {
      await writeFile(path, original);
    }
  });
});

describe('a config without a topology', () => {
  it('writes nothing under topology/', async () => {
    const paths = [...render(await loadConfig('test/fixtures/two-pages.config.ts', 'two-pages'))].map((a) => a.path);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((p) => p.startsWith('topology/'))).toEqual([]);
  });
});
