/**
 * The example config end to end on the real servers: Prometheus, Alertmanager and
 * the blackbox exporter run on the generated files (pointed at a fake FraiseQL), and
 * a failing /ready travels from the probe through an alert rule and Alertmanager's
 * route to the webhook of its severity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exampleConfig from '../../slo.config.ts';
import { validateConfig } from '../../src/config/validate.ts';
import { render } from '../../src/render.ts';
import { emit } from '../../src/output/emit.ts';
import { freePort, startStack, type Stack } from '../../src/stack/servers.ts';
import { startFakeFraiseql, type FakeFraiseql } from './fake-fraiseql.ts';
import { localConfig } from './local-config.ts';
import { withSampleValues } from '../../src/config/dashboards-to-model.ts';
import { checkAgainstPrometheus, checkNow } from '../../src/check/live-check.ts';
import { checkSubjects } from '../../src/check/subjects.ts';
import { prometheusClient, type PrometheusClient } from '../../src/prometheus-api/client.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import type { Model } from '../../src/model/slo.ts';
import { eventually } from '../support/eventually.ts';

/** SLO dashboard panels that read the period SLI. */
const readsPeriod = (title: string) => ['SLI over ', 'Error budget left', 'Budget left as time', 'Budget exhausted in'].some((prefix) => title.startsWith(prefix));

type NotificationBody = { alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[] };

let work: string;
let app: FakeFraiseql;
let stack: Stack;
let hooks: WebhookReceiver<NotificationBody>;
let model: Model;
/** sloforge's own client of the stack's Prometheus; its queries throw on any error. */
let prometheus: PrometheusClient;

const query = (expr: string) => prometheus.query(expr);

/** A counter's first per-minute increase needs samples at two whole minutes, then the minute group's evaluation: up to 3 minutes after the first scrape. */
const FIRST_INCREASE_SECONDS = 240;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sloforge-e2e-'));
  app = await startFakeFraiseql();
  hooks = await startWebhookReceiver();
  const ports = { prometheus: await freePort(), alertmanager: await freePort(), blackbox: await freePort() };
  const config = localConfig(exampleConfig, {
    app: app.address,
    prober: `127.0.0.1:${ports.blackbox}`,
    alertmanager: `127.0.0.1:${ports.alertmanager}`,
    webhook: hooks.url,
  });
  model = validateConfig(config, 'slo.config.ts');
  await emit(join(work, 'generated'), render(model));
  stack = await startStack(join(work, 'generated'), join(work, 'data'), ports);
  prometheus = await prometheusClient({ url: stack.urls.prometheus });
});

afterAll(async () => {
  await stack?.stop();
  await app?.close();
  await hooks?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the example config on real Prometheus, Alertmanager and blackbox exporter', () => {
  it('scrapes every target: the service and each of its probes', async () => {
    await eventually(async () => {
      const targets = (await prometheus.activeTargets()).map((t) => `${t.labels.job}/${t.labels.endpoint ?? ''} ${t.health} ${t.lastError}`).sort();
      expect(targets).toEqual(['fraiseql-probes/health up ', 'fraiseql-probes/live up ', 'fraiseql-probes/ready up ', 'fraiseql/ up ']);
    }, 60);
  });

  it('loads every rule group and evaluates every rule without error', async () => {
    await eventually(async () => {
      const response = await fetch(`${stack.urls.prometheus}/api/v1/rules`);
      const { data } = (await response.json()) as { data: { groups: { name: string; rules: { name: string; health: string; lastError?: string }[] }[] } };
      expect(data.groups.map((g) => g.name)).toEqual(expect.arrayContaining(['sloforge-fraiseql-sli', 'sloforge-fraiseql-sli-long', 'sloforge-fraiseql-meta', 'sloforge-fraiseql-alerts', 'sloforge-fraiseql-thresholds']));
      const unhealthy = data.groups.flatMap((g) => g.rules.filter((r) => r.health !== 'ok').map((r) => `${g.name}/${r.name}: ${r.health} ${r.lastError ?? ''}`));
      expect(unhealthy).toEqual([]);
    }, 60);
  });

  it('records the SLO series for every SLO', async () => {
    for (const record of ['slo:sli_errors:rate5m', 'slo:sli_total:rate5m', 'slo:sli_error:ratio_rate5m', 'slo:sli_error:ratio_rate1h', 'slo:objective:ratio', 'slo:error_budget:ratio', 'slo:current_burn_rate:ratio']) {
      await eventually(async () => {
        const slos = (await query(record)).map((s) => s.metric.slo).sort();
        // The SLA's own latency SLI (query-latency-sla) does not alert, so it records no alert window (1h).
        const all = ['availability', 'query-errors', 'query-latency', 'query-latency-sla'];
        expect(slos, record).toEqual(record === 'slo:sli_error:ratio_rate1h' ? all.filter((slo) => slo !== 'query-latency-sla') : all);
      }, FIRST_INCREASE_SECONDS);
    }
  });

  it('probes every endpoint through the blackbox exporter', async () => {
    await eventually(async () => {
      const probes = (await query('probe_success')).map((s) => `${s.metric.endpoint}=${s.value} ${s.metric.instance}`).sort();
      expect(probes).toEqual(['health', 'live', 'ready'].map((e) => `${e}=1 http://${app.address}/${e}`));
    }, 60);
  });

  it('runs every dashboard query without error, and the SLO panels return data', async () => {
    const dir = join(work, 'generated/grafana/dashboards');
    const dashboards = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
    expect(dashboards).toEqual(['fraiseql-database-health.json', 'fraiseql-production-health.json', 'sla-fraiseql.json', 'slo-fraiseql.json', 'slo-overview.json']);
    for (const file of dashboards) {
      const dashboard = JSON.parse(await readFile(join(dir, file), 'utf8')) as { panels: { title: string; targets?: { expr: string }[] }[] };
      for (const panel of dashboard.panels.filter((p) => p.targets)) {
        // query() throws on any Prometheus error, which fails the test.
        const run = () => Promise.all(panel.targets!.map((t) => query(withSampleValues(t.expr))));
        await run();
        // The period SLI sums whole hours: it has no sample until the stack has run past an hour boundary.
        const needsData = file.startsWith('slo-') && !readsPeriod(panel.title) && panel.title !== 'Alerts';
        if (needsData) await eventually(async () => expect((await run()).flat().length, `${file}: ${panel.title}`).toBeGreaterThan(0), 30);
      }
    }
  });

  it("keeps the freshness alerts silent while the fake's backup (an hour old) and WAL archive (30s old) timestamps are recent", async () => {
    await eventually(async () => {
      const ages = (await query('time() - backup_last_success_timestamp_seconds')).map((s) => s.value);
      expect(ages).toHaveLength(1);
      expect(ages[0]).toBeGreaterThan(3500);
      expect(await query('ALERTS{alertname=~"BackupStale|WalArchivingStale"}')).toEqual([]);
    }, 60);
  });

  it('passes sloforge check: every selector of the example has series, its latency threshold is a bucket, its counters are counters', async () => {
    await eventually(async () => expect((await query('fraiseql_query_duration_seconds_bucket')).length).toBeGreaterThan(0), 60);
    // Each SLO's selectors and the histogram of the SLA's own latency SLO, and the backup and WAL-archive timestamps.
    expect(checkSubjects(model).map((s) => s.path)).toHaveLength(13);
    expect(checkSubjects(model).map((s) => s.path)).toEqual(expect.arrayContaining(['services[fraiseql].alerts[BackupStale].freshness.timestamp', 'services[fraiseql].alerts[WalArchivingStale].freshness.timestamp']));
    const report = await checkAgainstPrometheus(model, prometheus, { lookbackSeconds: 3600, now: checkNow() });
    expect(report.findings).toEqual([]);
  });

  it('a failing /ready reaches the webhook through Alertmanager, on the route of its severity', async () => {
    app.fail('ready');
    await eventually(async () => {
      const arrived = hooks.received.flatMap((n) => n.body.alerts.map((a) => ({ path: n.path, ...a }))).find((a) => a.labels.alertname === 'ReadinessProbeFailed' && a.status === 'firing');
      expect(arrived).toBeDefined();
      expect(arrived!.path).toBe('/hook/slack-ops');
      expect(arrived!.labels).toMatchObject({ service: 'fraiseql', severity: 'medium', endpoint: 'ready', job: 'fraiseql-probes', team: 'fraiseql-oncall' });
      expect(arrived!.annotations.response_target).toBe('respond within 1 hour; ticket queue, daily check-in');
    }, 90);
    const live = hooks.received.flatMap((n) => n.body.alerts).filter((a) => a.labels.alertname === 'LivenessProbeFailed');
    expect(live).toEqual([]);
  });
});
