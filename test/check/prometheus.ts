/**
 * A real Prometheus (Debian's binary) on a free 127.0.0.1 port, scraping one job every
 * second, optionally behind basic auth; started once samples and metadata of
 * `waitForMetric` have arrived.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort, startServer, stopServer } from '../../src/stack/servers.ts';
import { ensureTools } from '../support/tools.ts';

export interface TestPrometheus {
  readonly url: string;
  stop(): Promise<void>;
}

export interface TestPrometheusOptions {
  readonly job: string;
  readonly targets: readonly string[];
  /** A user, their password, and its bcrypt hash (exporter-toolkit's web config). */
  readonly basicAuth?: { readonly user: string; readonly password: string; readonly bcrypt: string };
  readonly waitForMetric: string;
}

export async function startTestPrometheus(options: TestPrometheusOptions): Promise<TestPrometheus> {
  ensureTools(['prometheus']);
  const work = await mkdtemp(join(tmpdir(), 'sloforge-check-prometheus-'));
  const config = { global: { scrape_interval: '1s', scrape_timeout: '1s' }, scrape_configs: [{ job_name: options.job, static_configs: [{ targets: options.targets }] }] };
  await writeFile(join(work, 'prometheus.yml'), stringify(config));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [`--config.file=${join(work, 'prometheus.yml')}`, `--storage.tsdb.path=${join(work, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'];
  const headers: Record<string, string> = {};
  if (options.basicAuth) {
    const { user, password, bcrypt } = options.basicAuth;
    await writeFile(join(work, 'web.yml'), stringify({ basic_auth_users: { [user]: bcrypt } }));
    args.push(`--web.config.file=${join(work, 'web.yml')}`);
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }
  let child;
  try {
    child = await startServer({ name: 'Prometheus', command: 'prometheus', args, url, readyPath: '/-/ready', readyHeaders: headers });
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
  const running = child;
  const stop = async () => {
    await stopServer(running);
    await rm(work, { recursive: true, force: true });
  };
  try {
    await scraped(url, headers, options.waitForMetric);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

/** Metadata comes with a scrape's parse, samples with its commit: wait for both. */
async function scraped(url: string, headers: Record<string, string>, metric: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  const api = async <T>(path: string) => ((await (await fetch(`${url}${path}`, { headers })).json()) as { data: T }).data;
  while (Date.now() < deadline) {
    const metadata = await api<Record<string, unknown[]>>(`/api/v1/metadata?metric=${encodeURIComponent(metric)}`);
    const samples = await api<{ result: unknown[] }>(`/api/v1/query?query=${encodeURIComponent(metric)}`);
    if (metadata[metric]?.length && samples.result.length) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Prometheus at ${url} had no samples and metadata of ${metric} within 30s`);
}
