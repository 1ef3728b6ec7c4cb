import { describe, expect, it, beforeAll } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { generateInto } from '../support/generate.ts';
import { promtool } from '../support/promtool.ts';
import { CONFIGS } from '../support/configs.ts';
import { toYaml } from '../../src/output/serialize.ts';
import { loadConfig } from '../../src/config/load.ts';
import { render } from '../../src/render.ts';
import { validateConfig } from '../../src/config/validate.ts';
import { ConfigError } from '../../src/config/diagnostics.ts';
import { objectNameProblem } from '../../src/model/kubernetes-names.ts';

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec?: Record<string, unknown> & { groups?: unknown[] };
  data?: Record<string, string>;
}

const documents = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as Manifest);

describe.each(CONFIGS)('the Kubernetes tree generated from %s', (config) => {
  let out: { dir: string; files: string[] };
  const read = (file: string) => readFile(join(out.dir, file), 'utf8');
  const manifests = async () => (await Promise.all(out.files.filter((f) => f.startsWith('kubernetes/') && f !== 'kubernetes/kustomization.yaml').map(async (f) => documents(await read(f))))).flat();
  beforeAll(async () => {
    out = await generateInto(config);
  });

  it("has a PrometheusRule per service whose spec.groups equal the plain rule file's groups", async () => {
    const plain = out.files.filter((f) => f.startsWith('prometheus/rules/'));
    expect(plain.length).toBeGreaterThan(0);
    for (const file of plain) {
      const service = file.slice('prometheus/rules/'.length, -'.yml'.length);
      const [rule, ...more] = documents(await read(`kubernetes/prometheus-rules/${service}.yaml`));
      expect(more).toEqual([]);
      expect(rule!.kind).toBe('PrometheusRule');
      expect(rule!.apiVersion).toBe('monitoring.coreos.com/v1');
      expect(rule!.metadata.name).toBe(`sloforge-${service}`);
      expect(rule!.spec!.groups).toEqual((parse(await read(file)) as { groups: unknown[] }).groups);
    }
  });

  // The generated unit tests run on the plain rule files in test/promtool/generated-rules.test.ts; here the
  // extracted groups are shown to be those files' bytes, so the same tests prove them without running again.
  it('its groups, extracted as a rule file, pass `promtool check rules --lint=all --lint-fatal` and are the plain rule file, byte for byte, that the generated unit tests prove', async () => {
    const extracted = join(out.dir, '..', 'extracted');
    await mkdir(extracted, { recursive: true });
    const ruleManifests = out.files.filter((f) => f.startsWith('kubernetes/prometheus-rules/'));
    expect(ruleManifests.length).toBeGreaterThan(0);
    for (const file of ruleManifests) {
      const service = file.slice('kubernetes/prometheus-rules/'.length, -'.yaml'.length);
      const ruleFile = join(extracted, `${service}.rules.yml`);
      const text = toYaml({ groups: documents(await read(file))[0]!.spec!.groups });
      await writeFile(ruleFile, text);
      const check = await promtool(['check', 'rules', '--lint=all', '--lint-fatal', ruleFile]);
      expect(check.output).toMatch(/SUCCESS: \d+ rules found/);
      expect(check.code, check.output).toBe(0);
      const plain = await read(`prometheus/rules/${service}.yml`);
      expect(`${plain.split('\n')[0]}\n${text}`).toBe(plain);
    }
  });

  it('names every object validly and once per kind and namespace, each with the configured labels', async () => {
    const all = await manifests();
    expect(all.length).toBeGreaterThan(0);
    for (const m of all) expect(objectNameProblem(m.metadata.name), m.metadata.name).toBeUndefined();
    const identities = all.map((m) => `${m.kind} ${m.metadata.namespace}/${m.metadata.name}`);
    expect(new Set(identities).size).toBe(identities.length);
    for (const m of all) expect(m.metadata.labels['app.kubernetes.io/managed-by']).toBe('sloforge');
  });

  it('names Secret keys for every credential, and never a file or a secret value', async () => {
    const text = (await Promise.all(out.files.filter((f) => f.startsWith('kubernetes/')).map(read))).join('\n');
    expect(text).not.toMatch(/_file:|File:|\/run\/secrets|\/etc\/alertmanager\/secrets|\/etc\/ca\.pem/);
    const [amc] = (await manifests()).filter((m) => m.kind === 'AlertmanagerConfig');
    const receivers = (amc!.spec as { receivers: { pagerdutyConfigs?: { routingKey: unknown }[]; slackConfigs?: { apiURL: unknown }[] }[] }).receivers;
    const refs = receivers.flatMap((r) => [...(r.pagerdutyConfigs ?? []).map((p) => p.routingKey), ...(r.slackConfigs ?? []).map((s) => s.apiURL)]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(Object.keys(ref as object).sort()).toEqual(['key', 'name']);
  });

  it("puts each dashboard in its own ConfigMap under 1 MiB, with the sidecar's label, its JSON the plain dashboard file's bytes", async () => {
    const dashboards = out.files.filter((f) => f.startsWith('grafana/dashboards/'));
    const configMaps = (await manifests()).filter((m) => m.kind === 'ConfigMap');
    expect(configMaps.length).toBe(dashboards.length);
    for (const file of dashboards) {
      const uid = file.slice('grafana/dashboards/'.length, -'.json'.length);
      const configMap = configMaps.find((m) => m.data && `${uid}.json` in m.data)!;
      expect(Object.keys(configMap.data!)).toEqual([`${uid}.json`]);
      expect(Buffer.byteLength(JSON.stringify(configMap))).toBeLessThan(1024 * 1024);
      expect(configMap.data![`${uid}.json`]).toBe(await read(file));
      expect((JSON.parse(configMap.data![`${uid}.json`]!) as { uid: string }).uid).toBe(uid);
      expect(Object.keys(configMap.metadata.labels).some((l) => l.startsWith('grafana_dashboard'))).toBe(true);
    }
  });

  it('has a kustomization that lists every manifest file, and only those', async () => {
    const kustomization = parse(await read('kubernetes/kustomization.yaml')) as { kind: string; resources: string[] };
    expect(kustomization.kind).toBe('Kustomization');
    const files = out.files.filter((f) => f.startsWith('kubernetes/') && f !== 'kubernetes/kustomization.yaml').map((f) => f.slice('kubernetes/'.length));
    expect(kustomization.resources).toEqual([...files].sort());
  });

  it('is the same bytes on every render', async () => {
    const model = await loadConfig(config, config);
    const once = [...render(model)].filter((f) => f.path.startsWith('kubernetes/'));
    const twice = [...render(await loadConfig(config, config))].filter((f) => f.path.startsWith('kubernetes/'));
    expect(once.length).toBeGreaterThan(0);
    expect(twice).toEqual(once);
  });
});

describe('the kubernetes section', () => {
  const base = {
    services: [
      {
        name: 'api',
        scrape: { targets: ['api:8080'] },
        probes: { prober: 'blackbox:9115', endpoints: [{ name: 'health', url: 'http://api/health' }] },
        slos: [{ name: 'availability', objective: 99.9, sli: { ratio: { errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' } } }],
      },
    ],
    kubernetes: { namespace: 'monitoring', labels: { release: 'prom' } },
  };
  const problems = (config: unknown): string[] => {
    try {
      validateConfig(config, 'slo.config.yaml');
    } catch (error) {
      if (error instanceof ConfigError) return error.diagnostics.map((d) => `${d.path}: ${d.message}`);
      throw error;
    }
    return [];
  };
  const files = (config: unknown) => [...render(validateConfig(config, 'slo.config.yaml'))].map((f) => f.path);

  it('writes no Kubernetes tree without it', () => {
    const { kubernetes: _, ...plain } = base;
    expect(files(plain).filter((f) => f.startsWith('kubernetes/'))).toEqual([]);
    expect(files(base)).toContain('kubernetes/kustomization.yaml');
  });

  it('puts the labels on every resource, so ruleSelector, probeSelector and scrapeConfigSelector match them', () => {
    const rendered = [...render(validateConfig(base, 'slo.config.yaml'))].filter((f) => f.path.startsWith('kubernetes/') && !f.path.endsWith('kustomization.yaml'));
    const all = rendered.flatMap((f) => documents(f.content));
    expect(all.map((m) => m.kind).sort()).toEqual(['ConfigMap', 'ConfigMap', 'Probe', 'PrometheusRule', 'ScrapeConfig']);
    for (const m of all) expect(m.metadata).toMatchObject({ namespace: 'monitoring', labels: { release: 'prom' } });
  });

  it('refuses an object name that would be invalid or given twice, naming the config path', () => {
    const twins = { ...base, services: [base.services[0], { ...base.services[0], name: 'api_' }] };
    expect(problems(twins)).toContainEqual(expect.stringMatching(/^services\[api_\]\.name: would name the PrometheusRule "sloforge-api-", which is not a Kubernetes object name/));
    const clash = { ...base, services: [base.services[0], { ...base.services[0], name: 'a_pi', probes: undefined, scrape: undefined }, { ...base.services[0], name: 'a-pi', probes: undefined, scrape: undefined }] };
    expect(problems(clash)).toContainEqual('services[a-pi].name: would name the PrometheusRule "sloforge-a-pi" in namespace "monitoring", as services[a_pi].name does; rename one of them');
  });

  it('refuses a namespace or labels Kubernetes would refuse', () => {
    const bad = { ...base, kubernetes: { namespace: 'Monitoring', labels: { release: 'x'.repeat(64), 'bad key!': 'v' }, resources: { dashboards: { namespace: 'a.b' } } } };
    expect(problems(bad)).toEqual([
      expect.stringMatching(/^kubernetes\.namespace: "Monitoring" is not a Kubernetes namespace/),
      expect.stringMatching(/^kubernetes\.labels\.release: "x{64}" is 64 characters long; Kubernetes label values have at most 63/),
      expect.stringMatching(/^kubernetes\.labels\["bad key!"\]: label key "bad key!" is not a Kubernetes label name/),
      expect.stringMatching(/^kubernetes\.resources\.dashboards\.namespace: "a\.b" is not a Kubernetes namespace/),
    ]);
  });

  it('refuses receivers and scrape credentials that have only file paths, saying which Secret reference to add', () => {
    const withFiles = {
      ...base,
      services: [{ ...base.services[0], scrape: { targets: ['api:8080'], bearerTokenFile: '/run/token' } }],
      alertmanager: {
        severities: { critical: { receiver: 'pd' }, warning: { receiver: 'pd' } },
        receivers: { pd: { pagerduty: { routingKeyFile: '/run/pd' } } },
        defaultReceiver: 'pd',
      },
    };
    expect(problems(withFiles)).toEqual([
      'alertmanager.receivers.pd.pagerduty: needs "routingKeySecret": { name, key } of the Secret holding the routing key; the Kubernetes output (the "kubernetes" section) names a Secret key, never a file',
      'services[api].scrape: needs "bearerTokenSecret": { name, key } of the Secret holding the bearer token; the Kubernetes output (the "kubernetes" section) names a Secret key, never a file',
    ]);
    const { kubernetes: _, ...plain } = withFiles;
    expect(problems(plain)).toEqual([]);
  });

  it('scrapes a service through a ServiceMonitor where it names the Kubernetes Service, keeping the job the SLIs select', () => {
    const config = { ...base, kubernetes: { ...base.kubernetes, serviceMonitors: { api: { selector: { app: 'api' }, port: 'metrics' } } } };
    const rendered = [...render(validateConfig(config, 'slo.config.yaml'))];
    expect(rendered.map((f) => f.path)).not.toContain('kubernetes/scrape-configs.yaml');
    const [monitor] = documents(rendered.find((f) => f.path === 'kubernetes/service-monitors.yaml')!.content);
    expect(monitor!.spec).toEqual({
      selector: { matchLabels: { app: 'api' } },
      endpoints: [{ port: 'metrics', path: '/metrics', scheme: 'http', relabelings: [{ action: 'replace', targetLabel: 'job', replacement: 'api' }] }],
    });
    expect(problems({ ...base, kubernetes: { ...base.kubernetes, serviceMonitors: { web: { selector: { app: 'web' }, port: 'http' } } } })).toEqual(['kubernetes.serviceMonitors.web: names no service; services are "api"']);
  });
});
