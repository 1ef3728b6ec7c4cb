/**
 * One SLO over two clusters on the real servers: two edge Prometheus servers, each
 * scraping its own instance of the service, remote-write to (a) a global Prometheus with
 * the remote-write receiver and (b) VictoriaMetrics with vmalert, each evaluating its
 * generated global rules; the global Prometheus pages through a cluster of two
 * Alertmanager peers to a webhook. vmalert notifies an Alertmanager of its own, so the
 * webhook can tell the two paths apart by the sender's external URL.
 *
 * The test's config keeps the generator's design and shortens what it may: 1s scrapes,
 * a 15m/5m page tier (9.6x over 1d) without `for`, a 20s read delay (the remote-write delay is measured).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../src/config/validate.ts';
import type { SloforgeConfig } from '../../src/config/types.ts';
import { render } from '../../src/render.ts';
import { emit } from '../../src/output/emit.ts';
import { OUTPUT } from '../../src/model/conventions.ts';
import { freePort, startServer, stopServer, type Server } from '../../src/stack/servers.ts';
import { ensureTools } from '../support/tools.ts';
import { startFakeCounters, type FakeCounters } from './fake-counters.ts';

const CLUSTERS = ['a-1', 'b-1'] as const;
const SELECT = '{service="api",slo="availability"}';
/** Busy cluster a: 20/s at 1% errors; quiet cluster b: 2/s at 10%. Unweighted, their ratios average 5.5%; weighted, 1.8%. */
const RATES = { a: { rps: 20, share: 0.01 }, b: { rps: 2, share: 0.1 } };

interface Notification {
  readonly path: string;
  readonly body: { status: string; externalURL: string; alerts: { status: string; labels: Record<string, string> }[] };
}

let work: string;
let hooks: HttpServer;
const notifications: Notification[] = [];
const fakes: Record<'a' | 'b', FakeCounters> = {} as never;
const children: Partial<Record<string, ChildProcess>> = {};
const urls: Record<string, string> = {};
let peerUrls: string[] = [];

async function query(base: string, expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const response = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await response.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  expect(body.status).toBe('success');
  return body.data.result;
}

async function eventually(check: () => Promise<void>, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

const pagesFromPeers = () =>
  notifications.filter((n) => peerUrls.includes(n.body.externalURL) && n.body.status === 'firing' && n.body.alerts.some((a) => a.labels.alertname === 'ErrorBudgetBurn' && a.status === 'firing'));

async function start(name: string, server: Server): Promise<void> {
  children[name] = await startServer(server);
  urls[name] = server.url;
}

beforeAll(async () => {
  ensureTools(['prometheus', 'prometheus-alertmanager', 'vmalert']);
  work = await mkdtemp(join(tmpdir(), 'sloforge-multi-cluster-'));
  fakes.a = await startFakeCounters(RATES.a.rps, RATES.a.share);
  fakes.b = await startFakeCounters(RATES.b.rps, RATES.b.share);
  hooks = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      notifications.push({ path: request.url ?? '', body: JSON.parse(body) as Notification['body'] });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  const port = async () => freePort();
  const ports = { global: await port(), vm: await port(), vmalert: await port(), am: [await port(), await port(), await port()], gossip: [await port(), await port()], edge: [await port(), await port()] };
  const local = (p: number) => `http://127.0.0.1:${p}`;
  peerUrls = [local(ports.am[0]!), local(ports.am[1]!)];
  const webhook = `${local((hooks.address() as AddressInfo).port)}/hook`;
  const config: SloforgeConfig = {
    prometheus: { scrapeInterval: '1s', scrapeTimeout: '1s', evaluationInterval: '1s' },
    rules: { longWindowInterval: '5s' },
    alerting: {
      tiers: { fastPage: { budgetPercent: 10, longWindow: '15m', shortWindow: '5m', for: '0s' }, slowPage: false, fastTicket: false, slowTicket: false },
      noData: { for: '10s' },
      sliBroken: false,
    },
    alertmanager: {
      severities: { critical: { receiver: 'page', groupWait: '1s', groupInterval: '1s', repeatInterval: '1h' }, warning: { receiver: 'ticket', groupWait: '1s', groupInterval: '1s', repeatInterval: '1h' } },
      receivers: { page: { webhook: { url: `${webhook}/page` } }, ticket: { webhook: { url: `${webhook}/ticket` } } },
      defaultReceiver: 'ticket',
    },
    services: [
      {
        name: 'api',
        // Relative to each server's prometheus.yml: each cluster's own instance.
        scrape: { fileSd: ['targets.json'], interval: '1s', timeout: '1s' },
        slos: [{ name: 'availability', objective: 99, period: '1d', sli: { ratio: { errors: 'api_requests_total{code="500"}', total: 'api_requests_total' } } }],
      },
    ],
    topology: {
      servers: [
        { name: 'a', externalLabels: { cluster: CLUSTERS[0] } },
        { name: 'b', externalLabels: { cluster: CLUSTERS[1] } },
      ],
      global: { prometheus: { remoteWriteUrl: `${local(ports.global)}/api/v1/write` }, vmalert: { remoteWriteUrl: `${local(ports.vm)}/api/v1/write` } },
      alertmanagers: peerUrls.map((u) => u.replace('http://', '')),
      readDelay: '20s',
    },
  };
  const generated = join(work, 'generated');
  await emit(generated, render(validateConfig(config, 'multi-cluster')));
  for (const [server, fake] of [['a', fakes.a], ['b', fakes.b]] as const) {
    await writeFile(join(generated, `topology/servers/${server}/targets.json`), JSON.stringify([{ targets: [fake.address] }]));
  }
  const data = (name: string) => join(work, 'data', name);
  for (const name of ['global', 'vm', 'am0', 'am1', 'am2', 'edge-a', 'edge-b']) await mkdir(data(name), { recursive: true });
  const alertmanager = (index: number, cluster: string[]): Server => ({
    name: `Alertmanager ${index}`,
    command: 'prometheus-alertmanager',
    args: [
      `--config.file=${join(generated, OUTPUT.alertmanagerConfig)}`,
      `--storage.path=${data(`am${index}`)}`,
      `--web.listen-address=127.0.0.1:${ports.am[index]}`,
      `--web.external-url=${local(ports.am[index]!)}`,
      ...cluster,
    ],
    url: local(ports.am[index]!),
    readyPath: '/-/ready',
  });
  await start('am0', alertmanager(0, [`--cluster.listen-address=127.0.0.1:${ports.gossip[0]}`, `--cluster.peer=127.0.0.1:${ports.gossip[1]}`]));
  await start('am1', alertmanager(1, [`--cluster.listen-address=127.0.0.1:${ports.gossip[1]}`, `--cluster.peer=127.0.0.1:${ports.gossip[0]}`]));
  await start('am2', alertmanager(2, ['--cluster.listen-address=']));
  const prometheus = (name: string, configFile: string, dir: string, p: number, extra: string[] = []): Server => ({
    name,
    command: 'prometheus',
    args: [`--config.file=${configFile}`, `--storage.tsdb.path=${dir}`, `--web.listen-address=127.0.0.1:${p}`, ...extra],
    url: local(p),
    readyPath: '/-/ready',
  });
  await start('global', prometheus('global Prometheus', join(generated, OUTPUT.globalPrometheusConfig), data('global'), ports.global, ['--web.enable-remote-write-receiver']));
  await start('vm', {
    name: 'VictoriaMetrics',
    command: 'victoria-metrics',
    args: [`-httpListenAddr=127.0.0.1:${ports.vm}`, `-storageDataPath=${data('vm')}`, '-retentionPeriod=1d', '-search.latencyOffset=1s'],
    url: local(ports.vm),
    readyPath: '/health',
  });
  await start('vmalert', {
    name: 'vmalert',
    command: 'vmalert',
    args: [
      `-rule=${join(generated, OUTPUT.vmalertRulesFile('api'))}`,
      `-datasource.url=${local(ports.vm)}`,
      `-remoteWrite.url=${local(ports.vm)}`,
      `-notifier.url=${local(ports.am[2]!)}`,
      `-httpListenAddr=127.0.0.1:${ports.vmalert}`,
    ],
    url: local(ports.vmalert),
    readyPath: '/health',
  });
  await start('edge-a', prometheus('edge Prometheus a', join(generated, OUTPUT.edgePrometheusConfig('a')), data('edge-a'), ports.edge[0]!));
  await start('edge-b', prometheus('edge Prometheus b', join(generated, OUTPUT.edgePrometheusConfig('b')), data('edge-b'), ports.edge[1]!));
}, 120_000);

afterAll(async () => {
  await Promise.all(Object.values(children).map((child) => (child ? stopServer(child) : undefined)));
  await Promise.all(Object.values(fakes).map((fake) => fake.close()));
  await new Promise((resolve) => hooks?.close(resolve));
  if (work) await rm(work, { recursive: true, force: true });
});

const within = (got: number, expected: number, share: number) => expect(Math.abs(got - expected) / expected, `got ${got}, expected ${expected}`).toBeLessThan(share);

describe('one SLO over two clusters, on Prometheus and on vmalert/VictoriaMetrics', () => {
  it('records a global SLI that is the event-weighted ratio over both clusters, and a breakdown that keeps each cluster', async () => {
    const weighted = () => {
      const [a, b] = [fakes.a.totals(), fakes.b.totals()];
      return (a.errors + b.errors) / (a.requests + b.requests);
    };
    for (const [engine, base] of [['Prometheus', urls.global!], ['VictoriaMetrics', urls.vm!]] as const) {
      await eventually(async () => {
        const [sample] = await query(base, `slo:sli_error:ratio_rate5m${SELECT}`);
        expect(sample, `${engine} has no global 5m ratio yet`).toBeDefined();
        within(Number(sample!.value[1]), weighted(), 0.15);
        const breakdown = await query(base, `slo:sli_error:cluster_ratio_rate5m${SELECT}`);
        expect(breakdown.map((s) => s.metric.cluster).sort()).toEqual([...CLUSTERS]);
        within(Number(breakdown.find((s) => s.metric.cluster === CLUSTERS[0])!.value[1]), RATES.a.share, 0.3);
        within(Number(breakdown.find((s) => s.metric.cluster === CLUSTERS[1])!.value[1]), RATES.b.share, 0.3);
      }, 420);
    }
  }, 600_000);

  it('receives the edge increases well within the read delay (the remote-write delay, measured)', async () => {
    const newest = async (base: string) => Number((await query(base, `max(timestamp(slo:sli_total:cluster_increase1m${SELECT}))`))[0]?.value[1] ?? 0);
    // Wait for an evaluation the global store has not seen, then time its arrival.
    const seen = await newest(urls.global!);
    let edge = seen;
    await eventually(async () => {
      edge = await newest(urls['edge-a']!);
      expect(edge).toBeGreaterThan(seen);
    }, 90);
    const started = Date.now();
    await eventually(async () => expect(await newest(urls.global!)).toBeGreaterThanOrEqual(edge), 20);
    const lag = (Date.now() - started) / 1000 + (started / 1000 - edge);
    console.log(`remote-write delay: the edge's sample of ${new Date(edge * 1000).toISOString()} arrived ${lag.toFixed(1)}s after its evaluation`);
    expect(lag).toBeLessThan(20);
  }, 120_000);

  it('pages once for a fast burn in one cluster: one notification through the two Alertmanager peers, and vmalert fires too', async () => {
    fakes.a.setErrorShare(1);
    await eventually(async () => expect(pagesFromPeers().length).toBeGreaterThan(0), 300);
    const [page] = pagesFromPeers();
    expect(page!.path).toBe('/hook/page');
    expect(page!.body.alerts[0]!.labels).toMatchObject({ service: 'api', slo: 'availability', severity: 'critical', long_window: '15m', short_window: '5m' });
    expect(page!.body.alerts[0]!.labels.cluster).toBeUndefined();
    await eventually(async () => {
      const response = await fetch(`${urls.vmalert}/api/v1/alerts`);
      // vmalert lists no alerts as null.
      const { data } = (await response.json()) as { data: { alerts: { name: string; state: string }[] | null } };
      expect((data.alerts ?? []).filter((a) => a.name === 'ErrorBudgetBurn' && a.state === 'firing').length).toBe(1);
    }, 420);
    const breakdown = await query(urls.global!, `slo:sli_error:cluster_ratio_rate5m${SELECT}`);
    expect(Number(breakdown.find((s) => s.metric.cluster === CLUSTERS[0])!.value[1])).toBeGreaterThan(0.3);
    // Both peers got the alert from the global Prometheus; the cluster notifies once.
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    expect(pagesFromPeers().length).toBe(1);
  }, 900_000);

  it('raises the no-data alert of a killed edge server\'s cluster, and no burn', async () => {
    fakes.a.setErrorShare(RATES.a.share);
    await stopServer(children['edge-b']!);
    await eventually(async () => {
      const alerts = await query(urls.global!, 'ALERTS{alertname="SLONoData",alertstate="firing"}');
      expect(alerts.map((a) => a.metric.cluster ?? 'global')).toEqual([CLUSTERS[1]]);
    }, 300);
    // The page of the burn resolves, and b's missing share never counts as errors.
    await eventually(async () => expect(await query(urls.global!, 'ALERTS{alertname="ErrorBudgetBurn",alertstate="firing"}')).toEqual([]), 480);
    const [sample] = await query(urls.global!, `slo:sli_error:ratio_rate5m${SELECT}`);
    within(Number(sample!.value[1]), RATES.a.share, 0.5);
    expect(pagesFromPeers().length).toBe(1);
  }, 900_000);
});
