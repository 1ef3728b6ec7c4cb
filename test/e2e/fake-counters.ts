/**
 * A service instance with a request rate and error share of the test's choosing (the
 * fake FraiseQL's are fixed), its totals readable, so the test computes the
 * event-weighted ratio on its own.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCounters {
  readonly address: string;
  /** Requests and errors counted so far. */
  totals(): { requests: number; errors: number };
  close(): Promise<void>;
}

/** Counts advance in steps of 100ms, whole requests only. */
const TICK_MS = 100;

export async function startFakeCounters(requestsPerSecond: number, errorShare: number): Promise<FakeCounters> {
  let requests = 0;
  let errors = 0;
  let owed = 0;
  let owedErrors = 0;
  const perTick = (requestsPerSecond * TICK_MS) / 1000;
  const timer = setInterval(() => {
    owed += perTick;
    const now = Math.floor(owed);
    owed -= now;
    owedErrors += now * errorShare;
    const failed = Math.min(now, Math.floor(owedErrors));
    owedErrors -= failed;
    requests += now;
    errors += failed;
  }, TICK_MS);
  const server: Server = createServer((request, response) => {
    if (request.url !== '/metrics') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    response.end(['# TYPE api_requests_total counter', `api_requests_total{code="200"} ${requests - errors}`, `api_requests_total{code="500"} ${errors}`, ''].join('\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    totals: () => ({ requests, errors }),
    close: () => {
      clearInterval(timer);
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
