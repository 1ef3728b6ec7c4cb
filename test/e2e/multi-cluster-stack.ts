/**
 * The real servers of the multi-cluster test: three edge Prometheus servers (clusters
 * a-1, b-1, c-1), each scraping its own fake instance of the services it runs, remote-
 * writing to (a) a global Prometheus with the remote-write receiver and (b)
 * VictoriaMetrics with vmalert, each evaluating the generated global rules; the global
 * Prometheus pages through a cluster of two Alertmanager peers to a webhook, vmalert
 * through an Alertmanager of its own, so the webhook tells the two paths apart by the
 * sender's external URL.
 *
 * The config keeps the generator's design and shortens what it may: 1s scrapes and
 * evaluations (vmalert's too, for the groups without an interval of their own), a 15m/5m
 * page tier (9.6x over 1d) without `for`, a 20s read delay (the remote-write delay is
 * measured), vmalert's queries at the time it evaluates (not floored to the minute).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { expect } from 'vitest';
import { validateConfig } from '../../src/config/validate.ts';
import { prometheusClient, type Sample } from '../../src/prometheus-api/client.ts';
import type { ServiceConfig, SloforgeConfig } from '../../src/config/types.ts';
import { render } from '../../src/render.ts';
import { emit } from '../../src/output/emit.ts';
import { OUTPUT } from '../../src/model/conventions.ts';
import { freePort, startServer, stopServer, type Server } from '../../src/stack/servers.ts';
import { backfillOpenMetrics } from '../../src/stack/history-server.ts';
import { ensureTools } from '../support/tools.ts';
import { startWebhookReceiver, type Delivery, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { startFakeCounters, type FakeCounters } from './fake-counters.ts';
import { linkWithPhases } from './rule-group-phase.ts';

const EDGES = ['a', 'b', 'c'] as const;
export type Edge = (typeof EDGES)[number];
export const CLUSTER: Readonly<Record<Edge, string>> = { a: 'a-1', b: 'b-1', c: 'c-1' };

export interface Traffic {
  readonly rps: number;
  /** The share of the requests that fails. */
  readonly share: number;
}

/** Per service, the traffic of its instance in each cluster that runs it. */
export type Services = Readonly<Record<string, Partial<Record<Edge, Traffic>>>>;

export interface Notification {
  readonly status: string;
  readonly externalURL: string;
  readonly alerts: { status: string; labels: Record<string, string> }[];
}

export interface MultiClusterStack {
  readonly urls: { readonly global: string; readonly vm: string; readonly vmalert: string; readonly edge: Readonly<Record<Edge, string>> };
  /** The two clustered Alertmanager peers the global Prometheus sends to. */
  readonly peerUrls: readonly string[];
  readonly notifications: readonly Delivery<Notification>[];
  /** Seconds into each minute at which each server evaluates its minute groups. */
  readonly phases: Readonly<Record<string, readonly number[]>>;
  fake(service: string, edge: Edge): FakeCounters;
  stopEdge(edge: Edge): Promise<void>;
  /** Writes a line prefixed with the seconds since the servers started: the test's timeline. */
  log(line: string): void;
  stop(): Promise<void>;
}

/** The SLO every service of the test has. */
export const SLO = 'availability';

/** The global rules read the edges' minutes this long after they were evaluated (the remote-write delay is measured). */
const READ_DELAY_SECONDS = 20;

const local = (port: number) => `http://127.0.0.1:${port}`;

function serviceConfig(name: string, edges: readonly Edge[]): ServiceConfig {
  const requests = `api_requests_total{job="${name}"}`;
  return {
    name,
    // Relative to each server's prometheus.yml: each cluster's own instance.
    scrape: { fileSd: [`${name}.json`], interval: '1s', timeout: '1s' },
    servers: [...edges],
    slos: [{ name: SLO, objective: 99, period: '1d', sli: { ratio: { errors: `api_requests_total{job="${name}",code="500"}`, total: requests } } }],
  };
}

function testConfig(services: Services, ports: { global: number; vm: number; peers: readonly string[] }, webhook: string): SloforgeConfig {
  return {
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
    services: Object.entries(services).map(([name, traffic]) => serviceConfig(name, EDGES.filter((edge) => traffic[edge]))),
    topology: {
      servers: EDGES.map((edge) => ({ name: edge, externalLabels: { cluster: CLUSTER[edge] } })),
      global: { prometheus: { remoteWriteUrl: `${local(ports.global)}/api/v1/write` }, vmalert: { remoteWriteUrl: `${local(ports.vm)}/api/v1/write` } },
      alertmanagers: ports.peers.map((url) => url.replace('http://', '')),
      readDelay: `${READ_DELAY_SECONDS}s`,
    },
  };
}

function prometheus(name: string, configFile: string, dataDir: string, port: number, extra: string[] = []): Server {
  return {
    name,
    command: 'prometheus',
    args: [`--config.file=${configFile}`, `--storage.tsdb.path=${dataDir}`, `--web.listen-address=127.0.0.1:${port}`, ...extra],
    url: local(port),
    readyPath: '/-/ready',
  };
}

/**
 * Each edge starts with its services' counters already in its store, at 0 a minute and two
 * before it starts, as a server holds them that scraped the services while they served
 * nothing. The edge rule's increase is an irate of the counter read at two whole minutes
 * (`[2m:1m]`): from an empty store the first of those is the first minute boundary after
 * the first scrape, and the first increase comes a minute later, and every proof with it
 * (the no-data clock starts at edge c's first increase). The first increase counts part of
 * a minute, in every cluster the same part.
 */
async function backfillIdleCounters(file: string, dataDir: string, targets: readonly { job: string; instance: string }[]): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const lines = ['# TYPE api_requests counter'];
  for (const { job, instance } of targets) {
    for (const code of ['200', '500']) for (const ago of [121, 61]) lines.push(`api_requests_total{code="${code}",instance="${instance}",job="${job}"} 0 ${now - ago}`);
  }
  await writeFile(file, `${lines.join('\n')}\n# EOF\n`);
  await backfillOpenMetrics(file, dataDir, 2);
}

export async function startMultiClusterStack(services: Services): Promise<MultiClusterStack> {
  ensureTools(['prometheus', 'prometheus-alertmanager', 'vmalert']);
  const started = Date.now();
  const work = await mkdtemp(join(tmpdir(), 'sloforge-multi-cluster-'));
  const children: Partial<Record<string, ChildProcess>> = {};
  const fakes = new Map<string, FakeCounters>();
  let hooks: WebhookReceiver<Notification> | undefined;
  const stop = async () => {
    // In an order that has no server wait on one already gone: the edges and then vmalert while
    // the stores still take the remote writes they flush on the way out. The Alertmanagers are
    // killed: what they keep goes with the temporary directory, and the second peer to stop
    // waits 10 s for the first to acknowledge its leaving the cluster.
    const stage = (keys: (key: string) => boolean, stopping: (child: ChildProcess) => Promise<void>) =>
      Promise.all(Object.entries(children).map(([key, child]) => (child && keys(key) ? stopping(child) : undefined)));
    await stage((key) => key.startsWith('edge-'), stopServer);
    await Promise.all([stage((key) => key === 'vmalert', stopServer), stage((key) => key.startsWith('am'), (child) => stopServer(child, 'SIGKILL'))]);
    await stage(() => true, stopServer);
    await Promise.all([...fakes.values()].map((fake) => fake.close()));
    await hooks?.close();
    await rm(work, { recursive: true, force: true });
  };
  try {
    for (const [service, traffic] of Object.entries(services)) {
      for (const edge of EDGES) {
        const own = traffic[edge];
        if (own) fakes.set(`${service}/${edge}`, await startFakeCounters(own.rps, own.share));
      }
    }
    hooks = await startWebhookReceiver<Notification>();
    const ports = { global: await freePort(), vm: await freePort(), vmalert: await freePort(), am: [await freePort(), await freePort(), await freePort()], gossip: [await freePort(), await freePort()] };
    const edgePorts = { a: await freePort(), b: await freePort(), c: await freePort() };
    const peerUrls = [local(ports.am[0]!), local(ports.am[1]!)];
    const generated = join(work, 'generated');
    await emit(generated, render(validateConfig(testConfig(services, { global: ports.global, vm: ports.vm, peers: peerUrls }, `${hooks.url}/hook`), 'multi-cluster')));
    for (const [key, fake] of fakes) {
      const [service, edge] = key.split('/');
      await writeFile(join(generated, `topology/servers/${edge}/${service}.json`), JSON.stringify([{ targets: [fake.address] }]));
    }
    // Each server reads its config through a link whose name sets its minute groups' phases
    // (rule-group-phase.ts): the edges evaluate their minute in its first seconds, edge c (the
    // one the test stops) after the others, and the global Prometheus reads those minutes as
    // soon as the read delay lets it. With phases left to chance, a cluster's first minute
    // could reach the global rules up to a minute after another's, and edge c's last minute
    // up to a minute later than it need be.
    const configs: Record<string, string> = {};
    const phases: Record<string, number[]> = {};
    let latestEdge = 0;
    for (const edge of EDGES) {
      const config = join(generated, OUTPUT.edgePrometheusConfig(edge));
      const { dir, phases: edgePhases } = await linkWithPhases(dirname(config), join(work, `edge-${edge}`), '1m', edge === 'c' ? [2.5, 4.5] : [0.5, 2.5]);
      configs[edge] = join(dir, basename(config));
      phases[edge] = edgePhases;
      latestEdge = Math.max(latestEdge, ...edgePhases);
    }
    const globalConfig = join(generated, OUTPUT.globalPrometheusConfig);
    const { dir: globalDir, phases: globalPhases } = await linkWithPhases(dirname(globalConfig), join(work, 'global'), '1m', [latestEdge + READ_DELAY_SECONDS + 1, latestEdge + READ_DELAY_SECONDS + 11]);
    configs.global = join(globalDir, basename(globalConfig));
    phases.global = globalPhases;
    const data = async (name: string) => {
      const dir = join(work, 'data', name);
      await mkdir(dir, { recursive: true });
      return dir;
    };
    const start = async (key: string, server: Server) => void (children[key] = await startServer(server));
    const alertmanager = async (index: number, cluster: string[]): Promise<Server> => ({
      name: `Alertmanager ${index}`,
      command: 'prometheus-alertmanager',
      args: [
        `--config.file=${join(generated, OUTPUT.alertmanagerConfig)}`,
        `--storage.path=${await data(`am${index}`)}`,
        `--web.listen-address=127.0.0.1:${ports.am[index]}`,
        `--web.external-url=${local(ports.am[index]!)}`,
        ...cluster,
      ],
      url: local(ports.am[index]!),
      readyPath: '/-/ready',
    });
    await start('am0', await alertmanager(0, [`--cluster.listen-address=127.0.0.1:${ports.gossip[0]}`, `--cluster.peer=127.0.0.1:${ports.gossip[1]}`]));
    await start('am1', await alertmanager(1, [`--cluster.listen-address=127.0.0.1:${ports.gossip[1]}`, `--cluster.peer=127.0.0.1:${ports.gossip[0]}`]));
    await start('am2', await alertmanager(2, ['--cluster.listen-address=']));
    await start('global', prometheus('global Prometheus', configs.global!, await data('global'), ports.global, ['--web.enable-remote-write-receiver']));
    await start('vm', {
      name: 'VictoriaMetrics',
      command: 'victoria-metrics',
      args: [`-httpListenAddr=127.0.0.1:${ports.vm}`, `-storageDataPath=${await data('vm')}`, '-retentionPeriod=1d', '-search.latencyOffset=1s'],
      url: local(ports.vm),
      readyPath: '/health',
    });
    await start('vmalert', {
      name: 'vmalert',
      command: 'vmalert',
      args: [
        `-rule=${join(generated, OUTPUT.vmalertRulesFile('*'))}`,
        `-datasource.url=${local(ports.vm)}`,
        `-remoteWrite.url=${local(ports.vm)}`,
        `-notifier.url=${local(ports.am[2]!)}`,
        `-httpListenAddr=127.0.0.1:${ports.vmalert}`,
        // vmalert 1.79 floors each query's time to its group's interval: a minute group read the
        // edge increases up to a minute before it ran, and each VictoriaMetrics check waited up to
        // a minute longer than Prometheus'. The rules read the same windows, a minute sooner.
        '-datasource.queryTimeAlignment=false',
      ],
      url: local(ports.vmalert),
      readyPath: '/health',
    });
    for (const edge of EDGES) {
      const dir = await data(`edge-${edge}`);
      await backfillIdleCounters(join(work, `edge-${edge}.om`), dir, [...fakes].filter(([key]) => key.endsWith(`/${edge}`)).map(([key, fake]) => ({ job: key.split('/')[0]!, instance: fake.address })));
      await start(`edge-${edge}`, prometheus(`edge Prometheus ${edge}`, configs[edge]!, dir, edgePorts[edge]));
    }
    const receiver = hooks;
    return {
      urls: { global: local(ports.global), vm: local(ports.vm), vmalert: local(ports.vmalert), edge: { a: local(edgePorts.a), b: local(edgePorts.b), c: local(edgePorts.c) } },
      peerUrls,
      notifications: receiver.received,
      phases,
      fake: (service, edge) => fakes.get(`${service}/${edge}`) ?? expect.fail(`no fake ${service} in cluster ${edge}`),
      stopEdge: (edge) => stopServer(children[`edge-${edge}`]!),
      log: (line) => console.log(`multi-cluster t+${Math.round((Date.now() - started) / 1000)}s (${new Date().toISOString().slice(11, 19)}): ${line}`),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** An instant query through sloforge's own client, of Prometheus' HTTP API or VictoriaMetrics'; it throws on any error. */
export async function query(base: string, expr: string): Promise<Sample[]> {
  return (await prometheusClient({ url: base })).query(expr);
}

interface VmalertAlert {
  readonly name: string;
  readonly state: string;
  readonly labels: Record<string, string>;
}

/** vmalert's active alerts; its API lists none as null. */
export async function vmalertAlerts(base: string): Promise<VmalertAlert[]> {
  const response = await fetch(`${base}/api/v1/alerts`);
  const { data } = (await response.json()) as { data: { alerts: VmalertAlert[] | null } };
  return data.alerts ?? [];
}
