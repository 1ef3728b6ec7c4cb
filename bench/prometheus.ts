/**
 * A bench Prometheus: Debian's binary on 127.0.0.1 with a free port, a long retention
 * (backfilled history is 35 days old, older than the default 15d) and room for the
 * 30-day raw queries, and the HTTP API calls the bench makes.
 */
import { freePort, startServer } from '../src/stack/servers.ts';

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
  // Opening 35 days of blocks takes a while.
  const child = await startServer({ name: 'Prometheus', command: 'prometheus', args, url, readyPath: '/-/ready' }, 120_000);
  const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
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
