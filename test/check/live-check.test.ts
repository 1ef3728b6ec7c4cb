/**
 * `sloforge check --prometheus URL` through the CLI, against a real Prometheus that
 * scrapes a fake service: each mistake a static check cannot see is reported at its
 * config path, and a correct config passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import type { Finding } from '../../src/check/findings.ts';
import { startFakeShop, type FakeShop } from './fake-shop.ts';
import { startTestPrometheus, type TestPrometheus } from './prometheus.ts';

let work: string;
let shop: FakeShop;
let prometheus: TestPrometheus;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sloforge-check-'));
  shop = await startFakeShop();
  prometheus = await startTestPrometheus({ job: 'shop', targets: [shop.address], waitForMetric: 'shop_queue_depth' });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await shop?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function check(slos: unknown[], alerts: unknown[] = [], ...flags: string[]) {
  const file = join(work, `config-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify({ services: [{ name: 'shop', slos, alerts }] }));
  let stdout = '';
  let stderr = '';
  const code = await main(['check', '--config', file, '--prometheus', prometheus.url, ...flags], { write: (s: string) => ((stdout += s), true) }, { write: (s: string) => ((stderr += s), true) });
  return { code, stdout, stderr };
}

const slo = (name: string, sli: unknown) => ({ name, objective: 99, sli });
const ratio = (errors: string, total = 'shop_requests_total{job="shop"}') => ({ ratio: { errors, total } });

const correct = [
  slo('errors', { ratio: { errors: 'shop_requests_total{job="shop",code="500"}', total: 'shop_requests_total{job="shop"}', groupBy: ['instance'] } }),
  slo('good', { ratio: { good: 'shop_requests_total{job="shop",code=~"2.."}', total: 'shop_requests_total{job="shop"}' } }),
  slo('latency', { latency: { histogram: 'shop_request_duration_seconds{job="shop"}', threshold: '100ms' } }),
  slo('upload-latency', { latency: { histogram: 'shop_upload_duration_seconds{job="shop"}', threshold: 1 } }),
  slo('healthy', { uptime: { gauge: 'shop_healthy{job="shop"}' } }),
  slo('scrape', { uptime: { gauge: 'up{job="shop"}' } }),
  slo('raw', { raw: { errorRatio: 'sum(rate(shop_requests_total{code="500"}[$window])) / sum(rate(shop_requests_total[$window]))' } }),
];
const correctAlerts = [
  { name: 'ShopErrors', severity: 'critical', summary: 'errors', errorRate: { errors: 'shop_requests_total{code="500"}', total: 'shop_requests_total', above: 0.05 } },
  { name: 'ShopSlow', severity: 'warning', summary: 'slow', latency: { histogram: 'shop_request_duration_seconds', quantile: 0.95, above: '400ms' } },
  { name: 'ShopBusy', severity: 'warning', summary: 'busy', saturation: { used: 'shop_inflight_requests', capacity: 10, above: 0.9 } },
  { name: 'ShopQueue', severity: 'warning', summary: 'queue', expr: 'max(shop_queue_depth) > 100' },
];

describe('sloforge check against a live Prometheus', () => {
  it('passes a config whose every selector, bucket and type matches what Prometheus has: exit 0, no findings', async () => {
    const run = await check(correct, correctAlerts);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^${prometheus.url} \\(Prometheus 2\\.[0-9.]+[^)]*\\), series of the last 1h: 0 problems\n$`));
    expect(run.code).toBe(0);
  });

  it('reports a matcher no series has, with the values that exist and the closest one', async () => {
    const run = await check([slo('errors', ratio('shop_requests_total{job="shop",code="5OO"}'))]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('services[shop].slos[errors].sli.ratio.errors: `shop_requests_total{job="shop",code="5OO"}` matches no series in the last 1h: no series of shop_requests_total matches {code="5OO"}; its code values are "200", "500"');
    expect(run.stdout).toContain('fix: did you mean code="500"?');
  });

  it('reports a metric that does not exist, with the closest name that does', async () => {
    const run = await check([slo('errors', ratio('shop_requests_total{code="500"}', 'shop_request_total{job="shop"}'))]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('services[shop].slos[errors].sli.ratio.total: `shop_request_total{job="shop"}` matches no series in the last 1h: there is no metric shop_request_total; did you mean shop_requests_total?');
  });

  it('reports a job label that names no scraped job', async () => {
    const run = await check([slo('latency', { latency: { histogram: 'shop_request_duration_seconds{job="shopp"}', threshold: 0.1 } })]);
    expect(run.stdout).toContain('services[shop].slos[latency].sli.latency.histogram: `shop_request_duration_seconds_bucket{job="shopp"}` matches no series in the last 1h (the histogram shop_request_duration_seconds must have');
    expect(run.stdout).toContain('its job values are "shop"');
    expect(run.stdout).toContain('fix: did you mean job="shop"?');
    expect(run.code).toBe(1);
  });

  it('reports a latency threshold that is not a bucket, listing the buckets there are', async () => {
    const run = await check([slo('latency', { latency: { histogram: 'shop_request_duration_seconds{job="shop"}', threshold: '250ms' } })]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('services[shop].slos[latency].sli.latency.threshold: 0.25s is not a bucket of shop_request_duration_seconds: its le values are 0.1, 0.5, +Inf');
    expect(run.stdout).toContain('fix: set the threshold to a bucket boundary (0.1 or 0.5), or add a 0.25 bucket');
  });

  it('compares le values as numbers: a threshold of 1 is the bucket Prometheus 3 spells "1.0"', async () => {
    const right = await check([slo('upload', { latency: { histogram: 'shop_upload_duration_seconds', threshold: '1s' } })]);
    expect(right.stdout).toContain('0 problems');
    const wrong = await check([slo('upload', { latency: { histogram: 'shop_upload_duration_seconds', threshold: 2 } })]);
    expect(wrong.stdout).toContain('2s is not a bucket of shop_upload_duration_seconds: its le values are 1.0, 2.5, +Inf');
  });

  it('reports a gauge used where the rules take rate() of a counter', async () => {
    const run = await check([slo('errors', ratio('shop_inflight_requests{job="shop"}'))], [
      { name: 'Errors', severity: 'critical', summary: 's', errorRate: { errors: 'shop_requests_total', total: 'shop_queue_depth', above: 0.1 } },
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('services[shop].slos[errors].sli.ratio.errors: shop_inflight_requests is a gauge (its targets\' metadata says so), but this SLI takes rate() of it');
    expect(run.stdout).toContain('services[shop].alerts[Errors].errorRate.total: shop_queue_depth is a gauge');
  });

  it('reports an uptime gauge whose values are not 0..1', async () => {
    const run = await check([slo('queue', { uptime: { gauge: 'shop_queue_depth{job="shop"}' } })]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('services[shop].slos[queue].sli.uptime.gauge: `shop_queue_depth{job="shop"}` ranges from 17 to 17 in the last 1h; an uptime SLI needs a gauge that is 1 when up and 0 when down');
  });

  it('checks the plain selectors inside raw SLIs and threshold-alert expressions', async () => {
    const run = await check([slo('raw', { raw: { errorRatio: 'sum(rate(shop_failures_total[$window])) / sum(rate(shop_requests_total[$window]))' } })], [
      { name: 'Queue', severity: 'warning', summary: 's', expr: 'max(shop_queue_dept) > 100' },
      { name: 'Queue', severity: 'critical', summary: 's', expr: 'rate(shop_queue_depth[5m]) > 1' },
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('services[shop].slos[raw].sli.raw.errorRatio: `shop_failures_total` matches no series in the last 1h: there is no metric shop_failures_total');
    // Two alerts share the name: the path falls back to the index.
    expect(run.stdout).toContain('services[shop].alerts[0].expr: `shop_queue_dept` matches no series in the last 1h: there is no metric shop_queue_dept; did you mean shop_queue_depth?');
    expect(run.stdout).toContain('services[shop].alerts[1].expr: shop_queue_depth is a gauge');
  });

  it('notes, without failing, a metric that has series but no type metadata', async () => {
    const run = await check([slo('legacy', ratio('shop_legacy_orders_total{job="shop"}', 'shop_legacy_orders_total'))]);
    expect(run.stdout).toContain('0 problems, 2 notes');
    expect(run.stdout).toContain('note: services[shop].slos[legacy].sli.ratio.errors: shop_legacy_orders_total has series, but Prometheus has no type metadata for it');
    expect(run.code).toBe(0);
  });

  it('writes the report as JSON with --format json, and --lookback sets the window', async () => {
    const run = await check([slo('latency', { latency: { histogram: 'shop_request_duration_seconds', threshold: 0.3 } })], [], '--format', 'json', '--lookback', '30m');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { prometheus: { url: string; version: string }; lookback: string; findings: Finding[] };
    expect(report.prometheus).toEqual({ url: prometheus.url, version: expect.stringMatching(/^2\.\d+\.\d+/) });
    expect(report.lookback).toBe('30m');
    expect(report.findings).toEqual([
      {
        path: 'services[shop].slos[latency].sli.latency.threshold',
        level: 'error',
        message: '0.3s is not a bucket of shop_request_duration_seconds: its le values are 0.1, 0.5, +Inf',
        fix: 'set the threshold to a bucket boundary (0.1 or 0.5), or add a 0.3 bucket to the histogram in the service',
      },
    ]);
  });

  it('gives the same report twice for the same config and data', async () => {
    const config = [slo('a', ratio('shop_requests_total{code="5OO"}')), slo('b', { uptime: { gauge: 'shop_queue_depth' } })];
    expect((await check(config)).stdout).toBe((await check(config)).stdout);
  });
});
