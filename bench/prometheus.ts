/**
 * A bench Prometheus: Debian's binary on 127.0.0.1 with a free port, a long retention
 * (backfilled history is 35 days old, older than the default 15d) and room for the
 * 30-day raw queries. src/stack/servers.ts starts Prometheus for `sloforge stack` but
 * takes no extra flags, so the bench starts its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';

export interface Prometheus {
  readonly url: string;
  query(expr: string, time: number, stats?: boolean): Promise<QueryResult>;
  queryRange(expr: string, start: number, end: number, step: number): Promise<{ metric: Record<string, string>; values: [number, string][] }[]>;
  stop(): Promise<void>;
}

export interface QueryResult {
  readonly result: { metric: Record<string, string>; value: [number, string] }[];
  readonly stats?: { timings: { execTotalTime: number; evalTotalTime: number }; samples: { totalQueryableSamples: number; peakSamples: number } };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startPrometheus(configFile: string, dataDir: string): Promise<Prometheus> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${dataDir}`,
    '--storage.tsdb.retention.time=3650d',
    `--web.listen-address=127.0.0.1:${port}`,
    '--query.max-samples=1000000000',
    '--query.timeout=10m',
    '--log.level=error',
  ];
  const child: ChildProcess = spawn('prometheus', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${output}`);
    if (await fetch(`${url}/-/ready`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`prometheus not ready within 120 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const api = async <T>(path: string, params: Record<string, string>): Promise<T> => {
    const response = await fetch(`${url}${path}`, { method: 'POST', body: new URLSearchParams(params) });
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${path} ${params.query ?? ''}: ${body.error}`);
    return body.data;
  };
  return {
    url,
    query: (expr, time, stats = false) => api<QueryResult>('/api/v1/query', { query: expr, time: String(time), ...(stats ? { stats: 'all' } : {}) }),
    queryRange: async (expr, start, end, step) => (await api<{ result: { metric: Record<string, string>; values: [number, string][] }[] }>('/api/v1/query_range', { query: expr, start: String(start), end: String(end), step: String(step) })).result,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
