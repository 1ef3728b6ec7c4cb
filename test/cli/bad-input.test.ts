/**
 * The bad-input corpus: every invalid config is refused by the real CLI with exit 1, the
 * config path of the offending value and what was expected, no stack trace, and the
 * previous generated/ left byte for byte as it was. A config that is a program gets a CLI
 * process of its own; the YAML and JSON ones share one (cli-runner.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { isProgramConfig } from '../../src/config/load.ts';
import { startCliRunner, type CliRunner } from '../support/cli-runner.ts';

const REPO = resolve(import.meta.dirname, '../..');
const BIN = join(REPO, 'bin/sloforge.js');

/** A valid config with every section, so each case overrides one spot. */
const base = () => ({
  alerting: { runbookUrl: 'https://runbooks.example/api', noData: { severity: 'warning' } },
  rules: { longWindowInterval: '5m' },
  prometheus: { scrapeInterval: '30s', scrapeTimeout: '5s', evaluationInterval: '30s', externalLabels: { cluster: 'eu-1' }, alertmanagers: ['127.0.0.1:9093'] },
  alertmanager: {
    severities: { critical: { receiver: 'pager', responseTarget: 'within 5 minutes' }, warning: { receiver: 'chat' } },
    receivers: {
      pager: { pagerduty: { routingKeyFile: '/etc/am/pd' } },
      chat: { slack: { apiUrlFile: '/etc/am/slack', channel: '#ops' }, webhook: { url: 'http://127.0.0.1:5001/' } },
      mail: { email: { to: 'ops@example.com', from: 'am@example.com', smarthost: 'smtp.example.com:587' } },
    },
    defaultReceiver: 'chat',
  },
  grafana: { prometheusUrl: 'http://127.0.0.1:9090', dashboardsPath: '/var/lib/grafana/dashboards/sloforge' },
  dashboards: [
    {
      title: 'API health',
      uid: 'api-health',
      variables: [{ name: 'job', labelValues: { label: 'job', metric: 'up' } }],
      rows: [{ title: 'Service', panels: [{ title: 'Up', type: 'stat', query: 'up{job="$job"}', width: 6 }] }],
    },
  ],
  services: [
    {
      name: 'api',
      labels: { team: 'payments' },
      scrape: { targets: ['127.0.0.1:8000'], interval: '30s', timeout: '5s' },
      probes: { prober: '127.0.0.1:9115', endpoints: [{ name: 'health', url: 'http://127.0.0.1:8000/health' }] },
      slos: [
        { name: 'availability', objective: 99.9, sli: { ratio: { errors: 'http_requests_total{job="api",code=~"5.."}', total: 'http_requests_total{job="api"}' } } },
        { name: 'latency', objective: 95, sli: { latency: { histogram: 'http_request_duration_seconds{job="api"}', threshold: '100ms' } } },
        { name: 'uptime', objective: 99.5, sli: { uptime: { gauge: 'probe_success{job="api-probes",endpoint="health"}' } } },
        { name: 'jobs', objective: 99, sli: { raw: { errorRatio: 'sum(rate(jobs_failed_total[$window])) / sum(rate(jobs_total[$window]))' } } },
      ],
      alerts: [
        { name: 'ApiDown', severity: 'critical', summary: 'api is down', serviceDown: {} },
        { name: 'ApiErrors', severity: 'critical', summary: 'errors', errorRate: { errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total', above: 0.01 } },
        { name: 'ApiSlow', severity: 'warning', summary: 'slow', latency: { histogram: 'http_request_duration_seconds', quantile: 0.95, above: '200ms' } },
        { name: 'PoolFull', severity: 'warning', summary: 'pool', saturation: { used: 'db_connections_active', capacity: 100, above: 0.9 } },
        { name: 'DiskFull', severity: 'warning', summary: 'disk', diskFull: { below: 0.1, filesystems: '{mountpoint="/"}' } },
        { name: 'NotHealthy', severity: 'critical', summary: 'probe', probeFailed: { endpoint: 'health' } },
        { name: 'HealthSlow', severity: 'warning', summary: 'probe slow', probeSlow: { endpoint: 'health', above: '1s' } },
        { name: 'Restarts', severity: 'warning', summary: 'restarts', expr: 'changes(process_start_time_seconds[1h]) > 3' },
      ],
    },
  ],
});

/** Two edge servers and a global Prometheus, for the topology cases. */
const topology = () => ({
  servers: [
    { name: 'eu', externalLabels: { cluster: 'eu-1' } },
    { name: 'us', externalLabels: { cluster: 'us-1' } },
  ],
  global: { prometheus: { remoteWriteUrl: 'http://127.0.0.1:9090/api/v1/write' } },
});

const DELETE = Symbol('delete');
type Overrides = Record<string, unknown>;

/** `services[0].slos[1].objective` → ['services', 0, 'slos', 1, 'objective']. */
const segments = (path: string) => path.split(/\.|(?=\[)/).map((s) => (s.startsWith('[') ? Number(s.slice(1, -1)) : s));

/** The base config with each path of `overrides` set to its value (or removed, for DELETE). */
function configWith(overrides: Overrides): Record<string, unknown> {
  const config = base() as Record<string, unknown>;
  for (const [path, value] of Object.entries(overrides)) {
    const keys = segments(path);
    let node = config as Record<string | number, unknown>;
    for (const key of keys.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    const last = keys.at(-1)!;
    if (value === DELETE) {
      if (Array.isArray(node)) node.splice(last as number, 1);
      else delete node[last];
    } else node[last] = value;
  }
  return config;
}

const json = (overrides: Overrides = {}) => JSON.stringify(configWith(overrides), null, 2);
const yaml = (overrides: Overrides = {}) => stringify(configWith(overrides));
/** A TypeScript config importing defineConfig from the installed package. */
const ts = (body: string) => `import { defineConfig } from 'sloforge';\n${body}\n`;

/** `{a: {a: ... 1}}` nested `depth` levels deep, as JSON or as a YAML flow mapping. */
const nested = (depth: number, open: string, close: string) => `${open.repeat(depth)}1${close.repeat(depth)}`;
const MB10 = 'x'.repeat(10 * 1024 * 1024);

interface Case {
  readonly name: string;
  /** The config's file name; its extension picks the loader. */
  readonly file: string;
  /** Its text; undefined: the file does not exist. */
  readonly content: string | undefined;
  /** The config path the message names; '' for problems with the file as a whole. */
  readonly path: string;
  /** What the message says is expected. */
  readonly expect: string | RegExp;
  /** False where the text is nested too deep for the YAML parser to say where a value is. */
  readonly position?: false;
  /** Other files beside the config (modules it imports), by name. */
  readonly beside?: Readonly<Record<string, string>>;
}

const cases: Case[] = [
  // The file itself.
  { name: 'an empty file', file: 'slo.yaml', content: '', path: '', expect: 'must be an object with a "services" list; the file is empty' },
  { name: 'a whitespace-only YAML file', file: 'slo.yml', content: '  \n\n   \n', path: '', expect: 'must be an object with a "services" list; the file is empty' },
  { name: 'an empty JSON file', file: 'slo.json', content: '', path: '', expect: 'must be an object with a "services" list; the file is empty' },
  { name: 'YAML indented with tabs', file: 'slo.yaml', content: 'services:\n\t- name: api\n', path: '', expect: 'is not valid YAML: Tabs are not allowed as indentation at line 2, column 1' },
  { name: 'YAML with an unbalanced bracket', file: 'slo.yaml', content: 'services: [{name: api, slos: []\n', path: '', expect: /is not valid YAML: .* at line \d+, column \d+/ },
  { name: 'a YAML mapping with a key twice', file: 'slo.yaml', content: 'services: []\nservices: []\n', path: '', expect: 'is not valid YAML: Map keys must be unique at line 2, column 1' },
  { name: 'a JSON syntax error', file: 'slo.json', content: '{\n  "services": [],\n}\n', path: '', expect: 'is not valid JSON at line 3, column 1' },
  { name: 'a top-level list', file: 'slo.yaml', content: '- name: api\n  slos: []\n', path: '', expect: 'must be an object with a "services" list, got a list' },
  { name: 'a top-level null', file: 'slo.json', content: 'null\n', path: '', expect: 'must be an object with a "services" list, got null' },
  { name: 'a missing config file', file: 'nowhere.yaml', content: undefined, path: '', expect: 'cannot read the file (ENOENT): it does not exist' },
  { name: 'a TS config that throws at import', file: 'slo.config.ts', content: ts("throw new Error('the SLO service is unreachable');"), path: '', expect: 'failed to load: slo.config.ts:2:7: the SLO service is unreachable' },
  { name: 'an ESM TS config that throws in a function it calls', file: 'slo.mts', content: "const build = (): never => {\n  throw new Error('no targets');\n};\nexport default build();\n", path: '', expect: 'failed to load: slo.mts:2:9: no targets' },
  { name: 'a TS config with a type error that fails at run time', file: 'slo.config.ts', content: ts("const base: { services: unknown[] } = undefined as any;\nconst port: number = '8080' as any;\nexport default defineConfig({ services: base.services as any });"), path: '', expect: "failed to load: slo.config.ts:4:46: Cannot read properties of undefined (reading 'services')" },
  { name: 'a TS config whose imported module throws', file: 'slo.config.ts', content: ts("import { targets } from './targets.ts';\nexport default defineConfig({ services: targets as any });"), path: '', expect: 'failed to load: targets.ts:1:7 (imported at slo.config.ts:2:', beside: { 'targets.ts': "throw new Error('no inventory');\nexport const targets = [];\n" } },
  { name: 'a TS config that throws something not an Error', file: 'slo.config.ts', content: ts("throw { reason: 'nope' };"), path: '', expect: 'failed to load: threw {"reason":"nope"}' },
  { name: 'a TS config with a syntax error', file: 'slo.config.ts', content: ts('export default defineConfig({ services: [ });'), path: '', expect: /failed to load: .*slo\.config\.ts:2:\d+: ERROR: Unexpected "\}"/ },
  { name: 'a TS config whose top-level await never settles', file: 'slo.mts', content: 'export default await new Promise(() => {});\n', path: '', expect: 'failed to load: it never finished loading: a top-level await in it never settles' },
  { name: 'a TS config that exports nothing', file: 'slo.config.ts', content: ts('const config = {};'), path: '', expect: 'has no default export; write `export default defineConfig({ ... })`' },
  { name: 'a TS config that exports a function', file: 'slo.mts', content: `export default () => (${json()});\n`, path: '', expect: 'exports a function; export the config object itself: `export default defineConfig({ ... })`' },
  { name: 'a JS config that exports a promise', file: 'slo.mjs', content: `export default Promise.resolve(${json()});\n`, path: '', expect: 'exports a Promise; export the config object itself (top-level await works: `export default defineConfig(await build())`)' },

  // Limits.
  { name: 'a 10 MB description', file: 'slo.json', content: json({ 'services[0].slos[0].description': MB10 }), path: 'services[api].slos[availability].description', expect: 'is 10485760 characters long; at most 65536 are allowed' },
  { name: 'a 10 MB service name in YAML', file: 'slo.yaml', content: yaml({ 'services[0].name': MB10 }), path: 'services[0].name', expect: 'is 10485760 characters long; at most 65536 are allowed' },
  { name: 'a field name 100,000 characters long', file: 'slo.json', content: json({ [`services[0].${MB10.slice(0, 100_000)}`]: 1 }), path: 'services[api]', expect: 'has a field name 100000 characters long; at most 65536 are allowed' },
  { name: 'labels nested 10,000 levels deep in JSON', file: 'slo.json', content: json({ 'services[0].labels': '@' }).replace('"@"', nested(10_000, '{"a":', '}')), path: `services[api].labels${'.a'.repeat(30)}`, expect: 'is nested more than 32 levels deep; a config needs far fewer', position: false },
  { name: 'an unknown field nested 10,000 levels deep in YAML', file: 'slo.yaml', content: `extra: ${nested(10_000, '{a: ', '}')}\n${yaml()}`, path: `extra${'.a'.repeat(32)}`, expect: 'is nested more than 32 levels deep; a config needs far fewer', position: false },
  { name: 'lists nested 10,000 levels deep in YAML', file: 'slo.yaml', content: `${yaml()}x: ${nested(10_000, '[', ']')}\n`, path: `x${'[0]'.repeat(32)}`, expect: 'is nested more than 32 levels deep', position: false },
  { name: 'a YAML alias bomb (billion laughs)', file: 'slo.yaml', content: ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`), 'services: []'].join('\n'), path: '', expect: 'is not valid YAML: its aliases (*name) expand to more than 100000 values' },
  { name: 'a few YAML aliases of a large block', file: 'slo.yaml', content: `big: &big\n${Array.from({ length: 10_000 }, (_, i) => `  - {a: ${i}}`).join('\n')}\n${Array.from({ length: 20 }, (_, i) => `k${i}: *big`).join('\n')}\nservices: []\n`, path: '', expect: 'is not valid YAML: its aliases (*name) expand to more than 100000 values, which sloforge refuses as an alias bomb' },
  { name: 'a TS config that refers back to itself', file: 'slo.config.ts', content: ts(`const config: any = ${json()};\nconfig.services[0].labels = config;\nexport default config;`), path: 'services[api].labels', expect: 'refers back to the whole config; a config is a tree of plain values, without cycles' },
  { name: 'a YAML infinity', file: 'slo.yaml', content: yaml({ 'services[0].slos[0].alerting': { tiers: { fastPage: { minRequestRate: '@' } } } }).replace(/["']@["']/, '.inf'), path: 'services[api].slos[availability].alerting.tiers.fastPage.minRequestRate', expect: 'must be a finite number, got Infinity' },
  { name: 'a TS NaN', file: 'slo.config.ts', content: ts(`const config = ${json()};\nconfig.dashboards[0].rows[0].panels[0].max = 0 / 0;\nexport default defineConfig(config);`), path: 'dashboards["API health"].rows[Service].panels[Up].max', expect: 'must be a finite number, got NaN' },
  { name: 'a config file over 64 MiB', file: 'slo.yaml', content: `${yaml()}# ${'x'.repeat(64 * 1024 * 1024)}\n`, path: '', expect: 'is 64.0 MiB; sloforge reads config files up to 64 MiB' },

  // Names that become file names, uids, rule or alert names, or label names.
  { name: 'a service name with a slash', file: 'slo.json', content: json({ 'services[0].name': 'shop/api' }), path: 'services[0].name', expect: 'must be lowercase letters, digits, "-" and "_", starting with a letter or digit' },
  { name: 'a service name of ".."', file: 'slo.yaml', content: yaml({ 'services[0].name': '..' }), path: 'services[0].name', expect: 'must be lowercase letters, digits, "-" and "_", starting with a letter or digit' },
  { name: 'a non-ASCII service name', file: 'slo.yaml', content: yaml({ 'services[0].name': 'café' }), path: 'services[0].name', expect: 'must be lowercase letters, digits, "-" and "_", starting with a letter or digit' },
  { name: 'an SLO name with ".."', file: 'slo.json', content: json({ 'services[0].slos[0].name': '../etc' }), path: 'services[api].slos[0].name', expect: 'must be lowercase letters, digits, "-" and "_"' },
  { name: 'a dashboard uid with a slash', file: 'slo.json', content: json({ 'dashboards[0].uid': '../api' }), path: 'dashboards["API health"].uid', expect: 'must be a Grafana uid: at most 40 letters, digits, "-" and "_"' },
  { name: 'a receiver name of ".."', file: 'slo.yaml', content: yaml({ 'alertmanager.receivers': { ...base().alertmanager.receivers, '..': { webhook: { url: 'http://a/' } } } }), path: 'alertmanager.receivers[".."]', expect: 'is not a valid name' },
  { name: 'a threshold alert name with a space', file: 'slo.json', content: json({ 'services[0].alerts[0].name': 'Api Down' }), path: 'services[api].alerts[0].name', expect: 'must be an alert name: letters, digits, "_", "-" and ".", starting with a letter or "_", got "Api Down"' },
  // Letters of any script are an alert name's (promtool, vmalert and amtool take `BudgetÜberschritten`); a slash is not.
  { name: 'a burn-rate alert name with a slash', file: 'slo.json', content: json({ 'alerting.name': 'Budget/Burn' }), path: 'alerting.name', expect: 'must be an alert name' },
  { name: 'a non-ASCII label name', file: 'slo.yaml', content: yaml({ 'services[0].slos[0].labels': { équipe: 'x' } }), path: 'services[api].slos[availability].labels["équipe"]', expect: 'is not a valid name: must be a Prometheus label name' },
  { name: 'a probe endpoint name with a slash', file: 'slo.json', content: json({ 'services[0].probes.endpoints[0].name': '/health' }), path: 'services[api].probes.endpoints[0].name', expect: 'must be lowercase letters, digits, "-" and "_"' },
  { name: 'a severity level with a space', file: 'slo.json', content: json({ 'alertmanager.severities': { 'very high': { receiver: 'pager' } } }), path: 'alertmanager.severities["very high"]', expect: 'is not a valid name: must be lowercase letters' },
  { name: 'a tier name with a slash', file: 'slo.json', content: json({ 'alerting.tiers': { 'fast/page': { budgetPercent: 2, longWindow: '1h', severity: 'critical' } } }), path: 'alerting.tiers["fast/page"]', expect: 'is not a valid name: must be letters, digits, "-" and "_", starting with a letter' },

  // Services and SLOs.
  { name: 'two services of one name', file: 'slo.json', content: json({ 'services[1]': { name: 'api', slos: base().services[0]!.slos } }), path: 'services[1].name', expect: 'duplicate service name "api" (also at services[0])' },
  { name: 'services as an object', file: 'slo.json', content: json({ services: { api: {} } }), path: 'services', expect: 'must be a list, got an object' },
  { name: 'two SLOs of one name', file: 'slo.json', content: json({ 'services[0].slos[1].name': 'availability' }), path: 'services[api].slos[1].name', expect: 'duplicate SLO name "availability" (also at services[api].slos[0])' },
  { name: 'an objective as text', file: 'slo.yaml', content: yaml({ 'services[0].slos[0].objective': '99.9%' }), path: 'services[api].slos[availability].objective', expect: 'must be a number, got a string ("99.9%")' },
  { name: 'a period in words', file: 'slo.json', content: json({ 'services[0].slos[0].period': '30 days' }), path: 'services[api].slos[availability].period', expect: 'must be a Prometheus duration such as "5m", "1h30m" or "30d"' },

  // Each SLI kind.
  { name: 'an SLI of two kinds', file: 'slo.json', content: json({ 'services[0].slos[0].sli.uptime': { gauge: 'up' } }), path: 'services[api].slos[availability].sli', expect: 'must have exactly one of "ratio", "latency", "uptime", "raw"' },
  { name: 'a misspelt SLI kind', file: 'slo.json', content: json({ 'services[0].slos[0].sli': { ratios: {} } }), path: 'services[api].slos[availability].sli.ratios', expect: 'unknown field; did you mean "ratio"?' },
  { name: 'a ratio with both errors and good', file: 'slo.json', content: json({ 'services[0].slos[0].sli.ratio.good': 'http_requests_total{code="200"}' }), path: 'services[api].slos[availability].sli.ratio', expect: 'needs exactly one of "errors" (failed events) or "good" (successful events)' },
  { name: 'a ratio selector that is not PromQL', file: 'slo.yaml', content: yaml({ 'services[0].slos[0].sli.ratio.errors': 'http_requests_total{code=~"5.."' }), path: 'services[api].slos[availability].sli.ratio.errors', expect: 'invalid PromQL at column 32 (unexpected end)' },
  { name: 'a latency threshold with a space', file: 'slo.json', content: json({ 'services[0].slos[1].sli.latency.threshold': '100 ms' }), path: 'services[api].slos[latency].sli.latency.threshold', expect: 'must be a duration such as "100ms" or a number of seconds above 0, got "100 ms"' },
  { name: 'an uptime gauge that is not PromQL', file: 'slo.json', content: json({ 'services[0].slos[2].sli.uptime.gauge': 'probe_success{job=}' }), path: 'services[api].slos[uptime].sli.uptime.gauge', expect: 'invalid PromQL at column 19' },
  { name: 'a raw SLI that is not PromQL', file: 'slo.json', content: json({ 'services[0].slos[3].sli.raw.errorRatio': 'sum(rate(jobs_failed_total[$window]) /' }), path: 'services[api].slos[jobs].sli.raw.errorRatio', expect: /invalid PromQL at column \d+ .*\(with \$window read as 5m\)/ },

  // Selectors against the config's own jobs and probe endpoints.
  { name: 'an uptime gauge on a misspelt probe job', file: 'slo.yaml', content: yaml({ 'services[0].slos[2].sli.uptime.gauge': 'probe_success{job="api-probe",endpoint="healthz"}' }), path: 'services[api].slos[uptime].sli.uptime.gauge', expect: 'names job "api-probe", which is no job of this config; did you mean "api-probes", the probe job of service api?' },
  { name: 'an uptime gauge on an endpoint that is not probed', file: 'slo.json', content: json({ 'services[0].slos[2].sli.uptime.gauge': 'probe_success{job="api-probes",endpoint="healthz"}' }), path: 'services[api].slos[uptime].sli.uptime.gauge', expect: 'names endpoint "healthz", which job "api-probes" does not probe (it probes "health"); did you mean "health"?' },
  { name: 'a ratio on a misspelt metrics job', file: 'slo.json', content: json({ 'services[0].slos[0].sli.ratio.total': 'http_requests_total{job="apii"}' }), path: 'services[api].slos[availability].sli.ratio.total', expect: 'names job "apii", which is no job of this config; did you mean "api", the metrics job of service api?' },

  // Wrong types that are right values written wrongly.
  { name: 'an objective in quotes', file: 'slo.yaml', content: yaml({ 'services[0].slos[0].objective': '99.9' }), path: 'services[api].slos[availability].objective', expect: 'must be a number, got a string ("99.9"); write the number without quotes: 99.9' },
  { name: 'a latency threshold as text seconds', file: 'slo.yaml', content: yaml({ 'services[0].slos[1].sli.latency.threshold': '0.25' }), path: 'services[api].slos[latency].sli.latency.threshold', expect: 'for 0.25 seconds write the number without quotes, or the duration "250ms"' },
  { name: 'a for without its unit', file: 'slo.yaml', content: yaml({ 'services[0].alerts[0].for': 900 }), path: 'services[api].alerts[ApiDown].for', expect: 'got 900; a duration needs a unit: 900 seconds is "15m"' },

  // Alerting tiers and no-data.
  { name: 'a tier switched on with true', file: 'slo.json', content: json({ 'alerting.tiers': { fastPage: true } }), path: 'alerting.tiers.fastPage', expect: 'must be an object, or false to switch it off' },
  { name: 'a new tier without its long window', file: 'slo.json', content: json({ 'services[0].slos[0].alerting': { tiers: { weekly: { budgetPercent: 20, severity: 'warning' } } } }), path: 'services[api].slos[availability].alerting.tiers.weekly.longWindow', expect: 'is required for a tier that is not one of the defaults' },
  { name: 'a tier that can never fire', file: 'slo.json', content: json({ 'services[0].slos[0].objective': 90 }), path: 'services[api].slos[availability].objective', expect: 'leaves the default tier fastPage (2% of the budget in 1h) unable to fire: at 14.4x the budget it needs an error ratio of 144%' },
  { name: 'a minimum request rate on an uptime SLI', file: 'slo.json', content: json({ 'services[0].slos[2].alerting': { tiers: { fastPage: { minRequestRate: 1 } } } }), path: 'services[api].slos[uptime].alerting.tiers.fastPage.minRequestRate', expect: 'counts requests, which an uptime SLI has none of' },
  { name: 'a tier severity that is not a declared level', file: 'slo.json', content: json({ 'alerting.tiers': { fastPage: { severity: 'page' } } }), path: 'alerting.tiers.fastPage.severity', expect: 'severity "page" is not one of alertmanager.severities (critical, warning)' },
  { name: 'default tiers of a severity not declared', file: 'slo.yaml', content: yaml({ 'alertmanager.severities': { critical: { receiver: 'pager' } } }), path: 'alertmanager.severities', expect: 'has no "warning", which the default tiers fastTicket and slowTicket use by default; declare "warning" here, or set alerting.tiers.fastTicket.severity and alerting.tiers.slowTicket.severity to one of "critical"' },
  { name: 'a no-data wait in words', file: 'slo.json', content: json({ 'alerting.noData.for': 'a while' }), path: 'alerting.noData.for', expect: 'must be a Prometheus duration such as "5m", "1h30m" or "30d"' },

  // Rules, Prometheus and Grafana settings.
  { name: 'a long-window interval over 5m', file: 'slo.json', content: json({ 'rules.longWindowInterval': '10m' }), path: 'rules.longWindowInterval', expect: 'must be at most 5m' },
  { name: 'a global scrape timeout longer than the interval', file: 'slo.json', content: json({ 'prometheus.scrapeTimeout': '1m' }), path: 'prometheus.scrapeTimeout', expect: 'must not be longer than scrapeInterval (30s), got 1m' },
  { name: 'a Grafana URL without a scheme', file: 'slo.json', content: json({ 'grafana.prometheusUrl': 'prometheus:9090' }), path: 'grafana.prometheusUrl', expect: 'must be an http:// or https:// URL' },

  // Scrape and probes.
  { name: 'a scrape job with both targets and file discovery', file: 'slo.json', content: json({ 'services[0].scrape.fileSd': ['/etc/prometheus/api.json'] }), path: 'services[api].scrape', expect: 'needs exactly one of "targets" (static host:port list) or "fileSd" (files of targets)' },
  { name: 'a scrape target without a port', file: 'slo.json', content: json({ 'services[0].scrape.targets': ['api'] }), path: 'services[api].scrape.targets[0]', expect: 'must be an address "host:port"' },
  { name: 'a scrape password written inline', file: 'slo.json', content: json({ 'services[0].scrape.basicAuth': { username: 'u', password: 'hunter2' } }), path: 'services[api].scrape.basicAuth.password', expect: 'is a secret written inline; sloforge never puts secrets in its output: write it to a file and set "passwordFile"' },
  { name: 'a probe module that does not exist', file: 'slo.json', content: json({ 'services[0].probes.endpoints[0].module': 'http_3xx' }), path: 'services[api].probes.endpoints[health].module', expect: 'must be one of "http_2xx", "tcp_connect"' },
  { name: 'two probe endpoints of one name', file: 'slo.json', content: json({ 'services[0].probes.endpoints[1]': { name: 'health', url: 'http://127.0.0.1:8000/ready' } }), path: 'services[api].probes.endpoints[1].name', expect: 'duplicate probe endpoint name "health" (also at services[api].probes.endpoints[0])' },

  // Threshold alerts, every kind.
  { name: 'serviceDown without a scrape job', file: 'slo.json', content: json({ 'services[0].scrape': DELETE }), path: 'services[api].alerts[ApiDown].serviceDown', expect: 'needs the service\'s "scrape" section' },
  { name: 'an error-rate threshold in percent', file: 'slo.json', content: json({ 'services[0].alerts[1].errorRate.above': 1 }), path: 'services[api].alerts[ApiErrors].errorRate.above', expect: 'must be < 1' },
  { name: 'a latency alert threshold of zero', file: 'slo.json', content: json({ 'services[0].alerts[2].latency.above': 0 }), path: 'services[api].alerts[ApiSlow].latency.above', expect: 'must be a duration such as "100ms" or a number of seconds above 0, got 0' },
  { name: 'a saturation capacity that is not PromQL', file: 'slo.json', content: json({ 'services[0].alerts[3].saturation.capacity': 'db_pool_size{' }), path: 'services[api].alerts[PoolFull].saturation.capacity', expect: 'invalid PromQL at column' },
  { name: 'a disk filesystem matcher without braces', file: 'slo.json', content: json({ 'services[0].alerts[4].diskFull.filesystems': 'mountpoint="/"' }), path: 'services[api].alerts[DiskFull].diskFull.filesystems', expect: 'must be label matchers in braces, such as {mountpoint="/"}' },
  { name: 'a probe alert on an endpoint that is not probed', file: 'slo.json', content: json({ 'services[0].alerts[5].probeFailed.endpoint': 'ready' }), path: 'services[api].alerts[NotHealthy].probeFailed.endpoint', expect: 'names no probe endpoint; the service probes "health"' },
  { name: 'a negative probe-slow threshold', file: 'slo.json', content: json({ 'services[0].alerts[6].probeSlow.above': -1 }), path: 'services[api].alerts[HealthSlow].probeSlow.above', expect: 'must be a duration such as "100ms" or a number of seconds above 0, got -1' },
  { name: 'a threshold expression that is not PromQL', file: 'slo.json', content: json({ 'services[0].alerts[7].expr': 'changes(process_start_time_seconds[1h] > 3' }), path: 'services[api].alerts[Restarts].expr', expect: 'invalid PromQL at column' },
  { name: 'a threshold summary with a template left open', file: 'slo.json', content: json({ 'services[0].alerts[1].summary': 'error ratio {{ $value | humanizePercentage }' }), path: 'services[api].alerts[ApiErrors].summary', expect: 'is an alert template with "{{" at column 13 that no "}}" closes' },
  { name: 'a tier annotation with an {{ end }} of nothing', file: 'slo.yaml', content: yaml({ 'alerting.tiers': { fastPage: { annotations: { note: 'paged {{ end }}' } } } }), path: 'alerting.tiers.fastPage.annotations.note', expect: 'is an alert template with "{{ end }}" at column 7 that ends no "{{ if }}", "{{ range }}" or "{{ with }}"' },
  { name: 'a threshold alert of two kinds', file: 'slo.json', content: json({ 'services[0].alerts[7].diskFull': { below: 0.1 } }), path: 'services[api].alerts[Restarts]', expect: 'needs exactly one condition of "serviceDown", "errorRate", "latency", "saturation", "diskFull", "probeFailed", "probeSlow", "freshness", "expr"; has diskFull and expr' },
  { name: 'a freshness alert without its maxAge', file: 'slo.json', content: json({ 'services[0].alerts[8]': { name: 'BackupStale', severity: 'warning', summary: 'stale', freshness: { timestamp: 'backup_last_success_timestamp_seconds' } } }), path: 'services[api].alerts[BackupStale].freshness.maxAge', expect: 'is required' },
  { name: 'a freshness timestamp that is not a selector', file: 'slo.json', content: json({ 'services[0].alerts[8]': { name: 'BackupStale', severity: 'warning', summary: 'stale', freshness: { timestamp: 'backup_last_success_timestamp_seconds{', maxAge: '6h' } } }), path: 'services[api].alerts[BackupStale].freshness.timestamp', expect: /./ },
  { name: 'a receiver message template calling a Prometheus-only function', file: 'slo.json', content: json({ 'alertmanager.receivers.chat.messages': { text: '{{ humanize .Status }}' } }), path: 'alertmanager.receivers.chat.messages.text', expect: 'is a notification template at column 1: function "humanize" is not defined in Alertmanager\'s templates' },
  { name: 'a receiver message template left open', file: 'slo.json', content: json({ 'alertmanager.receivers.chat.messages': { title: '{{ if .Status }}firing' } }), path: 'alertmanager.receivers.chat.messages.title', expect: 'is a notification template with an "{{ if }}" that no "{{ end }}" closes' },
  { name: 'a Grafana URL with credentials', file: 'slo.json', content: json({ 'grafana.url': 'https://admin:pw@grafana.example' }), path: 'grafana.url', expect: 'holds credentials' },

  // Routing: severities and every receiver kind.
  { name: 'a severity routed to no receiver', file: 'slo.json', content: json({ 'alertmanager.severities.critical.receiver': 'nobody' }), path: 'alertmanager.severities.critical.receiver', expect: 'names no receiver; receivers are "pager", "chat", "mail"' },
  { name: 'no severity levels', file: 'slo.json', content: json({ 'alertmanager.severities': {} }), path: 'alertmanager.severities', expect: 'must have at least 1 entry' },
  { name: 'a receiver with no integration', file: 'slo.json', content: json({ 'alertmanager.receivers.mail': {} }), path: 'alertmanager.receivers.mail', expect: 'needs at least one of "pagerduty", "slack", "webhook", "email"' },
  { name: 'a PagerDuty key written inline', file: 'slo.json', content: json({ 'alertmanager.receivers.pager.pagerduty': { routingKey: 'abc123' } }), path: 'alertmanager.receivers.pager.pagerduty.routingKey', expect: 'is a secret written inline; sloforge never puts secrets in its output: write it to a file and set "routingKeyFile"' },
  { name: 'a webhook URL without a scheme', file: 'slo.json', content: json({ 'alertmanager.receivers.chat.webhook.url': '127.0.0.1:5001' }), path: 'alertmanager.receivers.chat.webhook.url', expect: 'must be an http:// or https:// URL' },
  { name: 'an email smarthost without a port', file: 'slo.json', content: json({ 'alertmanager.receivers.mail.email.smarthost': 'smtp.example.com' }), path: 'alertmanager.receivers.mail.email.smarthost', expect: 'must be an address "host:port"' },
  { name: 'an unknown receiver kind', file: 'slo.json', content: json({ 'alertmanager.receivers.mail.opsgenie': { apiKeyFile: '/x' } }), path: 'alertmanager.receivers.mail.opsgenie', expect: 'unknown field; expected one of "pagerduty", "slack", "webhook", "email"' },

  // Dashboards.
  { name: 'a panel type Grafana calls something else', file: 'slo.json', content: json({ 'dashboards[0].rows[0].panels[0].type': 'graph' }), path: 'dashboards["API health"].rows[Service].panels[Up].type', expect: 'must be one of "timeseries", "stat", "gauge", "table"' },
  { name: 'a panel query with an undeclared variable', file: 'slo.json', content: json({ 'dashboards[0].rows[0].panels[0].query': 'up{instance="$instance"}' }), path: 'dashboards["API health"].rows[Service].panels[Up].query', expect: 'uses $instance, which is not a variable of this dashboard (datasource, job)' },
  { name: 'a panel query that is not PromQL', file: 'slo.json', content: json({ 'dashboards[0].rows[0].panels[0].query': 'sum(up{job="$job"}' }), path: 'dashboards["API health"].rows[Service].panels[Up].query', expect: /invalid PromQL at column \d+ .*\(with variables filled in\)/ },
  { name: 'a dashboard uid of the generated ones', file: 'slo.json', content: json({ 'dashboards[0].uid': 'slo-api' }), path: 'dashboards["API health"].uid', expect: 'uids starting with "slo-" belong to the generated SLO dashboards' },
  { name: 'two dashboards whose titles give one uid', file: 'slo.json', content: json({ 'dashboards[0].uid': DELETE, 'dashboards[1]': { title: 'API  Health!', rows: base().dashboards[0]!.rows } }), path: 'dashboards["API  Health!"].title', expect: 'gives the uid "api-health" (the uid made from the title), as dashboards["API health"] does; dashboards need distinct uids: set "uid"' },
  { name: 'a variable of no kind', file: 'slo.json', content: json({ 'dashboards[0].variables[0]': { name: 'job' } }), path: 'dashboards["API health"].variables[job]', expect: 'needs exactly one of "datasource", "labelValues", "custom"' },

  // What promtool, amtool or vmalert would refuse after sloforge wrote it (issue 13).
  { name: 'a regex matcher RE2 cannot compile', file: 'slo.json', content: json({ 'services[0].slos[0].sli.ratio.errors': 'http_requests_total{job="api",code=~"5(..$"}' }), path: 'services[api].slos[availability].sli.ratio.errors', expect: 'the regex "5(..$" does not compile in RE2: missing closing )' },
  { name: 'a regex in a threshold expression RE2 cannot compile', file: 'slo.yaml', content: yaml({ 'services[0].alerts[7].expr': 'up{job=~"a{2,1}"} == 0' }), path: 'services[api].alerts[Restarts].expr', expect: 'does not compile in RE2: invalid repeat count' },
  { name: 'a raw SLI that is a range vector', file: 'slo.json', content: json({ 'services[0].slos[3].sli.raw.errorRatio': 'jobs_failed_total[$window]' }), path: 'services[api].slos[jobs].sli.raw.errorRatio', expect: 'is a range vector; it must give an instant vector (or a scalar)' },
  { name: 'a threshold expression comparing a range vector', file: 'slo.json', content: json({ 'services[0].alerts[7].expr': 'process_start_time_seconds[1h] > 3' }), path: 'services[api].alerts[Restarts].expr', expect: '">" needs a scalar or an instant vector on each side, got a range vector' },
  { name: 'a threshold expression comparing two scalars', file: 'slo.json', content: json({ 'services[0].alerts[7].expr': '1 > 2' }), path: 'services[api].alerts[Restarts].expr', expect: 'a comparison of two scalars needs "bool"' },
  { name: 'a function given a vector where it takes a range', file: 'slo.json', content: json({ 'services[0].alerts[7].expr': 'changes(process_start_time_seconds) > 3' }), path: 'services[api].alerts[Restarts].expr', expect: 'argument 1 of changes() must be a range vector' },
  { name: 'a template with an undefined variable', file: 'slo.json', content: json({ 'services[0].alerts[1].summary': 'errors at {{ $val }}' }), path: 'services[api].alerts[ApiErrors].summary', expect: 'undefined variable "$val"' },
  { name: 'a template calling a function Prometheus lacks', file: 'slo.yaml', content: yaml({ 'alerting.annotations': { note: '{{ $value | humanise }}' } }), path: 'alerting.annotations.note', expect: 'function "humanise" is not defined' },
  { name: 'a template with an else outside any if', file: 'slo.json', content: json({ 'services[0].alerts[1].description': 'x {{ else }} y' }), path: 'services[api].alerts[ApiErrors].description', expect: '"{{ else }}" at column 3 outside any "{{ if }}"' },
  { name: 'a for of 300 years', file: 'slo.json', content: json({ 'services[0].alerts[0].for': '300y' }), path: 'services[api].alerts[ApiDown].for', expect: 'must be at most 1d' },
  { name: 'a for of a year', file: 'slo.yaml', content: yaml({ 'alerting.tiers': { fastPage: { for: '1y' } } }), path: 'alerting.tiers.fastPage.for', expect: 'must be at most 1d' },
  { name: 'a scrape interval of 300 years', file: 'slo.json', content: json({ 'prometheus.scrapeInterval': '300y' }), path: 'prometheus.scrapeInterval', expect: 'must be at most 1h' },
  { name: 'a DEL in a description', file: 'slo.json', content: json({ 'services[0].slos[0].description': 'bad\u007fbyte' }), path: 'services[api].slos[availability].description', expect: 'holds the control character \\u007F (character 4)' },
  { name: 'a NUL in a label value', file: 'slo.json', content: json({ 'services[0].labels.team': 'pay\u0000' }), path: 'services[api].labels.team', expect: 'holds the control character \\u0000' },
  { name: 'an ESC sequence in a summary, echoed escaped', file: 'slo.yaml', content: yaml({ 'services[0].alerts[0].summary': '\u001b]0;owned\u0007down' }), path: 'services[api].alerts[ApiDown].summary', expect: 'holds the control character \\u001B (character 1)' },
  { name: 'an ESC sequence in a service name, echoed escaped', file: 'slo.json', content: json({ 'services[0].name': 'api\u001b[2J' }), path: 'services[0].name', expect: 'holds the control character \\u001B' },
  { name: 'a lone surrogate in a description', file: 'slo.json', content: json({ 'services[0].slos[0].description': 'half \ud800 a character' }), path: 'services[api].slos[availability].description', expect: 'holds a lone UTF-16 surrogate (character 6)' },
  { name: 'a surrogate escape in a PromQL string', file: 'slo.json', content: json({ 'services[0].slos[0].sli.ratio.total': 'http_requests_total{job="\\uD800"}' }), path: 'services[api].slos[availability].sli.ratio.total', expect: 'is not a string Prometheus can read' },
  { name: 'a NUL escape in a PromQL string', file: 'slo.json', content: json({ 'services[0].slos[0].sli.ratio.total': 'http_requests_total{job="a\\x00"}' }), path: 'services[api].slos[availability].sli.ratio.total', expect: 'the string holds the control character \\u0000' },
  { name: '200,000 unknown fields', file: 'slo.json', content: json(Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`services[0].x${i}`, 1]))), path: 'services[api].x0', expect: 'unknown field' },

  // Accepted, then the generated tests failed (issue 13) or the comparison with Sloth (issue 12).
  { name: 'a severity that is a template', file: 'slo.json', content: json({ 'services[0].alerts[0].severity': '{{ $labels.sev }}', alertmanager: DELETE }), path: 'services[api].alerts[ApiDown].severity', expect: 'label values may not contain "{{" or "}}"' },
  { name: 'a burn-rate alert named like the no-data alert', file: 'slo.json', content: json({ 'alerting.name': 'SLONoData' }), path: 'alerting.name', expect: '"SLONoData" is the name of sloforge\'s own alert; reserved: SLONoData, SLIBroken' },
  { name: 'a threshold alert named SLIBroken', file: 'slo.json', content: json({ 'services[0].alerts[0].name': 'SLIBroken' }), path: 'services[api].alerts[SLIBroken].name', expect: 'is the name of sloforge\'s own alert' },
  { name: 'a histogram selector that fixes le', file: 'slo.json', content: json({ 'services[0].slos[1].sli.latency.histogram': 'http_request_duration_seconds{job="api",le="0.1"}' }), path: 'services[api].slos[latency].sli.latency.histogram', expect: 'matches "le", which sloforge sets' },
  { name: 'a latency SLI grouped by le', file: 'slo.json', content: json({ 'services[0].slos[1].sli.latency.groupBy': ['le'] }), path: 'services[api].slos[latency].sli.latency.groupBy.le', expect: 'is the bucket label sloforge sums over' },
  { name: 'a groupBy label the errors selector fixes', file: 'slo.json', content: json({ 'services[0].slos[0].sli.ratio': { errors: 'http_requests_total{job="api",code="500"}', total: 'http_requests_total{job="api"}', groupBy: ['code'] } }), path: 'services[api].slos[availability].sli.ratio.groupBy', expect: 'groups by "code", which "errors" fixes to "500"' },
  // A metric's own service and slo labels may be grouped by (issue 19); what stays refused.
  { name: "a groupBy on a metric's service and on exported_service", file: 'slo.json', content: json({ 'services[0].slos[0].sli.ratio.groupBy': ['service', 'exported_service'] }), path: 'services[api].slos[availability].sli.ratio.groupBy', expect: 'groups by both "service" and "exported_service": sloforge records the metric\'s own "service" as "exported_service"' },
  { name: "a groupBy on a metric's slo beside an SLO label exported_slo", file: 'slo.yaml', content: yaml({ 'services[0].slos[1].sli.latency.groupBy': ['slo'], 'services[0].slos[1].labels': { exported_slo: 'x' } }), path: 'services[api].slos[latency].sli', expect: 'groups by "exported_slo", which the SLO\'s labels also set' },
  { name: 'a groupBy on severity, a label of sloforge with no exported name', file: 'slo.json', content: json({ 'services[0].slos[0].sli.ratio.groupBy': ['severity'] }), path: 'services[api].slos[availability].sli.ratio.groupBy.severity', expect: 'label "severity" is set by sloforge' },
  { name: 'a short window under 1m', file: 'slo.json', content: json({ 'alerting.tiers': { fastPage: { shortWindow: '30s' } } }), path: 'alerting.tiers.fastPage.shortWindow', expect: 'the short window (30s) must be at least 1m: windows are summed from the per-minute increases' },
  { name: 'a short window of 90s', file: 'slo.yaml', content: yaml({ 'alerting.tiers': { fastPage: { shortWindow: '90s' } } }), path: 'alerting.tiers.fastPage.shortWindow', expect: 'must be a whole number of minutes below 5m: windows are summed from the per-minute increases; use 1m or 2m' },
  { name: 'an errors selector identical to the total', file: 'slo.json', content: json({ 'services[0].slos[0].sli.ratio': { errors: 'http_requests_total{job="api"}', total: 'http_requests_total{job="api"}' } }), path: 'services[api].slos[availability].sli.ratio.errors', expect: 'selects the same series as "total"' },

  // Internal errors instead of a message (issue 13).
  { name: 'an objective that rounds to 100', file: 'slo.json', content: json({ 'services[0].slos[0].objective': 99.99999999999999 }), path: 'services[api].slos[availability].objective', expect: 'is 100 at the precision sloforge writes numbers in' },
  { name: 'a denormal budgetPercent', file: 'slo.json', content: json({ 'alerting.tiers': { fastPage: { budgetPercent: 5e-324 } } }), path: 'alerting.tiers.fastPage.budgetPercent', expect: 'is 5e-324; sloforge takes numbers of magnitude 1e-9 to 1000000000000000 (or 0)' },
  { name: 'a minRequestRate of 1e308', file: 'slo.yaml', content: yaml({ 'alerting.tiers': { fastPage: { minRequestRate: 1e308 } } }), path: 'alerting.tiers.fastPage.minRequestRate', expect: 'is 1e+308; sloforge takes numbers of magnitude' },
  { name: 'a TS config with a getter that throws', file: 'slo.config.ts', content: ts(`const config = ${json()};\nObject.defineProperty(config.services[0], 'labels', { enumerable: true, get() { throw new Error('vault unreachable'); } });\nexport default defineConfig(config);`), path: 'services[api].labels', expect: /^reading it threw: slo\.config\.ts:\d+:\d+: vault unreachable$/ },
  { name: 'a TS config with a sparse list', file: 'slo.config.ts', content: ts(`const config: any = ${json()};\nconfig.services[0].alerts = [, ...config.services[0].alerts];\nexport default defineConfig(config);`), path: 'services[api].alerts[0]', expect: 'is a hole in a sparse list (nothing at index 0); write every item' },
  { name: 'a TS config with a Map for labels', file: 'slo.config.ts', content: ts(`const config: any = ${json()};\nconfig.services[0].labels = new Map([['team', 'payments']]);\nexport default defineConfig(config);`), path: 'services[api].labels', expect: 'is a Map, which a config cannot read; write a plain object' },
  { name: 'a TS config with a Set for targets', file: 'slo.config.ts', content: ts(`const config: any = ${json()};\nconfig.services[0].scrape.targets = new Set(['127.0.0.1:8000']);\nexport default defineConfig(config);`), path: 'services[api].scrape.targets', expect: 'is a Set, which a config cannot read; write a list' },
  { name: 'a TS config with a class instance', file: 'slo.config.ts', content: ts(`class Slo { name = 'x'; objective = 99; sli = { raw: { errorRatio: 'up' } }; }\nconst config: any = ${json()};\nconfig.services[0].slos.push(new Slo());\nexport default defineConfig(config);`), path: 'services[api].slos[4]', expect: 'is a Slo, not a plain object' },
  { name: 'a TS config with a function for a value', file: 'slo.config.ts', content: ts(`const config: any = ${json()};\nconfig.services[0].slos[0].description = () => 'x';\nexport default defineConfig(config);`), path: 'services[api].slos[availability].description', expect: 'is a function; a config holds plain values' },
  { name: 'a TS config whose async throw is a kilobyte-long data: URL', file: 'slo.mts', content: `export default await (async () => { throw new Error('data:text/plain;base64,${'QUFB'.repeat(400)}'); })();\n`, path: '', expect: /^failed to load: slo\.mts:1:\d+: data:text\/plain;base64,(QUFB)+.{0,4}… \(\d+ more characters\)$/ },
  { name: 'an Alertmanager groupBy with a label twice', file: 'slo.json', content: json({ 'alertmanager.groupBy': ['alertname', 'service', 'alertname'] }), path: 'alertmanager.groupBy', expect: 'must not repeat an item: items 0 and 2 are equal (a string ("alertname"))' },
  { name: 'a probe URL with port 99999', file: 'slo.json', content: json({ 'services[0].probes.endpoints[0].url': 'http://127.0.0.1:99999/health' }), path: 'services[api].probes.endpoints[health].url', expect: 'is not a URL sloforge can read (check the host and a port from 1 to 65535), got "http://127.0.0.1:99999/health"' },
  { name: 'a probe URL with a bad host', file: 'slo.yaml', content: yaml({ 'services[0].probes.endpoints[0].url': 'http://exa mple.com/health' }), path: 'services[api].probes.endpoints[health].url', expect: 'is not a URL sloforge can read' },
  { name: 'a Grafana Prometheus URL with credentials', file: 'slo.json', content: json({ 'grafana.prometheusUrl': 'https://user:pass@grafana.example:9090' }), path: 'grafana.prometheusUrl', expect: 'holds credentials (user:password@); sloforge writes URLs into files that are committed and shared' },
  { name: 'a webhook URL with credentials', file: 'slo.json', content: json({ 'alertmanager.receivers.chat.webhook.url': 'https://bot:s3cret@hooks.example/T0/B0' }), path: 'alertmanager.receivers.chat.webhook.url', expect: 'holds credentials (user:password@); sloforge writes URLs into files that are committed and shared: a webhook takes its URL inline in Alertmanager 0.25 (no url_file)' },
  { name: 'a slack webhook URL written inline', file: 'slo.json', content: json({ 'alertmanager.receivers.chat.slack': { apiUrl: 'https://hooks.slack.com/services/T0/B0/SECRET', channel: '#ops' } }), path: 'alertmanager.receivers.chat.slack.apiUrl', expect: 'is a secret written inline; sloforge never puts secrets in its output: write it to a file and set "apiUrlFile"' },
  { name: 'an Alertmanager target with credentials', file: 'slo.json', content: json({ 'prometheus.alertmanagers': ['admin:pw@127.0.0.1:9093'] }), path: 'prometheus.alertmanagers[0]', expect: 'holds credentials (user:password@); an address is host:port only' },
  { name: 'a scrape target with port 99999', file: 'slo.yaml', content: yaml({ 'services[0].scrape.targets': ['127.0.0.1:99999'] }), path: 'services[api].scrape.targets[0]', expect: 'must be an address "host:port" with a port from 1 to 65535, got "127.0.0.1:99999"' },
  { name: 'a runbook URL with credentials', file: 'slo.json', content: json({ 'alerting.runbookUrl': 'https://wiki:pw@runbooks.example/api' }), path: 'alerting.runbookUrl', expect: 'holds credentials' },
  { name: 'a variable metric that is a query, not a selector', file: 'slo.json', content: json({ 'dashboards[0].variables[0].labelValues.metric': 'label_values(up) or label_values(secret_metric, job)' }), path: 'dashboards["API health"].variables[job].labelValues.metric', expect: 'must be a series selector such as up{job="api"}: invalid PromQL' },
  { name: 'a custom variable value with a comma', file: 'slo.json', content: json({ 'dashboards[0].variables[1]': { name: 'env', custom: ['prod', 'eu,us'] } }), path: 'dashboards["API health"].variables[env].custom[1]', expect: "holds a comma, which Grafana splits a custom variable's values on" },
  { name: 'two dashboards of one title', file: 'slo.json', content: json({ 'dashboards[1]': { title: 'API health', uid: 'api-health-2', rows: base().dashboards[0]!.rows } }), path: 'dashboards[1].title', expect: 'is the title of dashboards[0] too; Grafana stops provisioning a folder' },
  { name: 'a dashboard titled like a generated one', file: 'slo.json', content: json({ 'dashboards[0].title': 'SLO overview' }), path: 'dashboards["SLO overview"].title', expect: 'belong to the generated SLO dashboards' },
  { name: 'a custom variable named datasource', file: 'slo.json', content: json({ 'dashboards[0].variables[1]': { name: 'datasource', custom: ['a', 'b'] } }), path: 'dashboards["API health"].variables[datasource].name', expect: 'is the name of the data source variable sloforge adds to every dashboard' },
  // Topology: edge servers and global engines.
  { name: 'a server without the cluster label', file: 'slo.json', content: json({ topology: { ...topology(), servers: [{ name: 'eu', externalLabels: { region: 'eu' } }] } }), path: 'topology.servers[eu].externalLabels', expect: 'must set the cluster label "cluster" (topology.clusterLabel): the global rules tell the servers\' series apart by it' },
  { name: 'two servers of one cluster', file: 'slo.yaml', content: yaml({ topology: { ...topology(), servers: [{ name: 'eu', externalLabels: { cluster: 'eu-1' } }, { name: 'eu2', externalLabels: { cluster: 'eu-1' } }] } }), path: 'topology.servers[eu2].externalLabels.cluster', expect: '"eu-1" is also the cluster of server "eu": the global rules would add their series up as one server\'s' },
  { name: 'a service scraped by an undeclared server', file: 'slo.json', content: json({ topology: topology(), 'services[0].servers': ['eu', 'asia'] }), path: 'services[api].servers[1]', expect: 'names no server of topology.servers; they are "eu", "us"' },
  { name: 'a service naming servers without a topology', file: 'slo.json', content: json({ 'services[0].servers': ['eu'] }), path: 'services[api].servers', expect: 'names servers, but the config has no "topology" section that declares them' },
  { name: 'an SLO grouped by the cluster label', file: 'slo.json', content: json({ topology: topology(), 'services[0].slos[0].sli.ratio.groupBy': ['cluster'] }), path: 'services[api].slos[availability].sli.ratio.groupBy', expect: '"cluster" is the cluster label (topology.clusterLabel): the global rules sum it away for the global SLO and keep it for the breakdown' },
  { name: 'a global section with no engine', file: 'slo.json', content: json({ topology: { ...topology(), global: {} } }), path: 'topology.global', expect: 'must have at least one of "prometheus", "vmalert", "thanos", "mimir"' },
  { name: 'a Mimir engine without a tenant', file: 'slo.yaml', content: yaml({ topology: { ...topology(), global: { mimir: { remoteWriteUrl: 'http://127.0.0.1:9009/api/v1/push' } } } }), path: 'topology.global.mimir.tenant', expect: 'is required' },
  { name: 'a remote-write URL with credentials', file: 'slo.json', content: json({ topology: { ...topology(), global: { vmalert: { remoteWriteUrl: 'http://u:p@127.0.0.1:8428/api/v1/write' } } } }), path: 'topology.global.vmalert.remoteWriteUrl', expect: 'holds credentials (user:password@)' },
  {
    name: 'a Mimir tenant whose limit is fewer rule groups than the rules need',
    file: 'slo.yaml',
    content: yaml({ topology: { ...topology(), global: { mimir: { remoteWriteUrl: 'http://127.0.0.1:9009/api/v1/push', tenant: 'team-a', maxGroupsPerTenant: 5 } } } }),
    path: 'topology.global.mimir',
    expect: 'gives tenant "team-a" 9 rule groups, more than its maxGroupsPerTenant of 5 (the tenant\'s ruler_max_rule_groups_per_tenant), so the ruler would refuse them: raise that limit for the tenant and set maxGroupsPerTenant to it, or raise maxRulesPerGroup (now 20) with ruler_max_rules_per_rule_group so that more rules share a group',
  },
  { name: 'a read delay of an hour', file: 'slo.json', content: json({ topology: { ...topology(), readDelay: '1h' } }), path: 'topology.readDelay', expect: 'must be at most 10m, got "1h": every global SLI and page would trail the edge by that much' },
  { name: 'a TS config that calls process.exit(0)', file: 'slo.mts', content: `process.exit(0);\nexport default ${json()};\n`, path: '', expect: 'failed to load: slo.mts:1:9: it called process.exit(0); a config describes SLOs' },
];

/** Every entry under a directory (hidden ones too): files with their bytes, directories and links as such. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const key = path.slice(dir.length + 1);
    if (entry.isFile()) entries[key] = (await readFile(path)).toString('base64');
    else if (entry.isSymbolicLink()) entries[key] = `-> ${await readlink(path)}`;
    else entries[key] = entry.isDirectory() ? 'dir' : 'other';
  }
  return entries;
}

function sloforgeProcess(cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

let root: string;
let previous: Record<string, string>;
let runner: CliRunner;

/** `sloforge generate --config <file> --out generated` in `cwd`. */
const generate = (cwd: string, file: string) => (isProgramConfig(file) ? sloforgeProcess : runner.run)(cwd, 'generate', '--config', file, '--out', 'generated');

beforeAll(async () => {
  runner = startCliRunner();
  root = await mkdtemp(join(tmpdir(), 'sloforge-bad-input-'));
  // The previous good generation every case starts from.
  await mkdir(join(root, 'template/node_modules'), { recursive: true });
  await symlink(REPO, join(root, 'template/node_modules/sloforge'));
  await writeFile(join(root, 'template/good.json'), json());
  const run = await sloforgeProcess(join(root, 'template'), 'generate', '--config', 'good.json', '--out', 'generated');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  previous = await snapshot(join(root, 'template'));
});

afterAll(async () => {
  runner?.stop();
  await rm(root, { recursive: true, force: true });
});

describe('sloforge generate refuses bad input: exit 1, the path and what is expected, no trace, generated/ untouched', () => {
  it('has a case for every section', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it('starts from a previous generation with hidden files', () => {
    expect(Object.keys(previous)).toEqual(expect.arrayContaining(['generated/.sloforge-manifest.json', 'generated/prometheus/rules/api.yml', 'generated/alertmanager/alertmanager.yml', 'generated/grafana/dashboards/api-health.json']));
  });

  it.concurrent.each(cases.map((c, i) => [c.name, c, i] as const))('%s', async (_, { file, content, path, expect: expected, position, beside = {} }, index) => {
    const work = join(root, `case-${index}`);
    await cp(join(root, 'template'), work, { recursive: true, verbatimSymlinks: true });
    if (content !== undefined) await writeFile(join(work, file), content);
    for (const [name, text] of Object.entries(beside)) await writeFile(join(work, name), text);
    const run = await generate(work, file);
    const report = `stderr:\n${run.stderr.slice(0, 4000)}\nstdout:\n${run.stdout.slice(0, 1000)}`;

    expect(run.code, report).toBe(1);
    expect(run.stdout, report).toBe('');
    expect(run.stderr, report).toMatch(new RegExp(`^${file.replace(/\./g, '\\.')}: \\d+ problems?\\n`));
    expect(run.stderr.endsWith('\nNothing was written.\n'), report).toBe(true);
    // The message names the path and says what is expected, on one line.
    const lines = run.stderr.split('\n');
    const line = path === '' ? lines[1]! : lines.find((l) => l.startsWith(`  ${path}: `));
    expect(line, report).toBeDefined();
    const message = path === '' ? line!.trim() : line!.slice(`  ${path}: `.length);
    if (typeof expected === 'string') expect(message, report).toContain(expected);
    else expect(message, report).toMatch(expected);
    // A YAML or JSON file also says where in it the value is.
    if (path !== '' && /\.(json|ya?ml)$/.test(file) && position !== false) expect(message, report).toMatch(/ \(line \d+, column \d+\)$/);
    // No stack trace and no raw error dump.
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toContain('node:internal');
    expect(run.stderr).not.toMatch(/^\w*Error:/m);
    expect(run.stderr.length, 'the report stays readable').toBeLessThan(4000);
    // What the report echoes of the config cannot act on a terminal.
    expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]|\p{Cs}/u);

    const written = [file, ...Object.keys(beside)];
    const before = Object.fromEntries(Object.entries(previous).filter(([name]) => !written.includes(name)));
    const after = Object.fromEntries(Object.entries(await snapshot(work)).filter(([name]) => !written.includes(name)));
    expect(after).toEqual(before);
    await rm(work, { recursive: true, force: true });
  });
});
