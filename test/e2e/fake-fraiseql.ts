/**
 * A stand-in for FraiseQL: `/metrics` with the guide's metric names, moving like a
 * live server's, and the `/health`, `/ready`, `/live` endpoints, each of which the
 * test can make fail (HTTP 503).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Endpoint = 'health' | 'ready' | 'live';

export interface FakeFraiseql {
  readonly address: string;
  fail(endpoint: Endpoint): void;
  recover(endpoint: Endpoint): void;
  close(): Promise<void>;
}

const QUERIES_PER_SECOND = 50;
const ERROR_SHARE = 0.0005;
/** The client library's defaults and the SLA's 150ms, which the example's latency SLA reads. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1];
/** Share of queries at or under each bucket: 97% under 100ms. */
const UNDER = [0.2, 0.45, 0.7, 0.88, 0.97, 0.985, 0.995, 0.999, 1];

export async function startFakeFraiseql(): Promise<FakeFraiseql> {
  const started = Date.now();
  const failing = new Set<Endpoint>();
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    if (path === '/metrics') {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      response.end(metrics((Date.now() - started) / 1000));
      return;
    }
    const endpoint = path.slice(1) as Endpoint;
    if (['health', 'ready', 'live'].includes(endpoint)) {
      const ok = !failing.has(endpoint);
      response.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify(ok ? { status: 'healthy' } : { ready: false, reason: 'Database unavailable' }));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    fail: (endpoint) => failing.add(endpoint),
    recover: (endpoint) => failing.delete(endpoint),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function metrics(uptime: number): string {
  const queries = Math.floor(uptime * QUERIES_PER_SECOND);
  const errors = Math.floor(queries * ERROR_SHARE);
  const lines = [
    '# TYPE fraiseql_queries_total counter',
    `fraiseql_queries_total{status="success"} ${queries - errors}`,
    `fraiseql_queries_total{status="error"} ${errors}`,
    '# TYPE fraiseql_query_errors_total counter',
    `fraiseql_query_errors_total ${errors}`,
    '# TYPE fraiseql_query_duration_seconds histogram',
    ...BUCKETS.map((le, i) => `fraiseql_query_duration_seconds_bucket{le="${le}"} ${Math.floor(queries * UNDER[i]!)}`),
    `fraiseql_query_duration_seconds_bucket{le="+Inf"} ${queries}`,
    `fraiseql_query_duration_seconds_sum ${(queries * 0.04).toFixed(3)}`,
    `fraiseql_query_duration_seconds_count ${queries}`,
    '# TYPE fraiseql_db_connections_active gauge',
    'fraiseql_db_connections_active 12',
    '# TYPE fraiseql_api_key_validations_total counter',
    `fraiseql_api_key_validations_total{status="valid"} ${queries}`,
    `fraiseql_api_key_validations_total{status="invalid"} ${Math.floor(queries * 0.001)}`,
    '# TYPE fraiseql_api_keys_active gauge',
    'fraiseql_api_keys_active 42',
    // The guide's backups (Part 6): the last full backup an hour ago, the last archived WAL segment 30 seconds ago.
    '# TYPE backup_last_success_timestamp_seconds gauge',
    `backup_last_success_timestamp_seconds ${Math.floor(Date.now() / 1000) - 3600}`,
    '# TYPE wal_archive_last_success_timestamp_seconds gauge',
    `wal_archive_last_success_timestamp_seconds ${Math.floor(Date.now() / 1000) - 30}`,
    '# TYPE fraiseql_uptime_seconds gauge',
    `fraiseql_uptime_seconds ${Math.floor(uptime)}`,
  ];
  return `${lines.join('\n')}\n`;
}
