/**
 * A service whose /metrics has one of each kind the live check tells apart: a histogram
 * with buckets 0.1/0.5/+Inf, one with Prometheus 3's spelling (`le="1.0"`), a counter,
 * a gauge that a config might mistake for a counter, a 0/1 gauge, a gauge that is not
 * 0/1, and a counter without # TYPE (no metadata).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeShop {
  readonly address: string;
  close(): Promise<void>;
}

export async function startFakeShop(): Promise<FakeShop> {
  const started = Date.now();
  const server = createServer((request, response) => {
    if (request.url !== '/metrics') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    response.end(metrics(Math.floor((Date.now() - started) / 100)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function metrics(requests: number): string {
  const errors = Math.floor(requests / 100);
  return [
    '# TYPE shop_requests_total counter',
    `shop_requests_total{code="200"} ${requests - errors}`,
    `shop_requests_total{code="500"} ${errors}`,
    '# TYPE shop_request_duration_seconds histogram',
    `shop_request_duration_seconds_bucket{le="0.1"} ${Math.floor(requests * 0.9)}`,
    `shop_request_duration_seconds_bucket{le="0.5"} ${Math.floor(requests * 0.99)}`,
    `shop_request_duration_seconds_bucket{le="+Inf"} ${requests}`,
    `shop_request_duration_seconds_sum ${requests * 0.05}`,
    `shop_request_duration_seconds_count ${requests}`,
    '# TYPE shop_upload_duration_seconds histogram',
    `shop_upload_duration_seconds_bucket{le="1.0"} ${Math.floor(requests * 0.5)}`,
    `shop_upload_duration_seconds_bucket{le="2.5"} ${Math.floor(requests * 0.8)}`,
    `shop_upload_duration_seconds_bucket{le="+Inf"} ${requests}`,
    `shop_upload_duration_seconds_sum ${requests}`,
    `shop_upload_duration_seconds_count ${requests}`,
    '# TYPE shop_inflight_requests gauge',
    'shop_inflight_requests 3',
    '# TYPE shop_healthy gauge',
    'shop_healthy 1',
    '# TYPE shop_queue_depth gauge',
    'shop_queue_depth 17',
    `shop_legacy_orders_total ${requests}`,
    '',
  ].join('\n');
}
