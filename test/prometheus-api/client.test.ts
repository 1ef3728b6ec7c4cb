/**
 * The Prometheus API client on a real Prometheus (behind basic auth, as exporter-toolkit
 * does it), and each way of not getting an answer, through `sloforge check`: exit 1 and
 * one clear line, never a stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { PrometheusApiError, prometheusClient, type PrometheusClient } from '../../src/prometheus-api/client.ts';
import { freePort } from '../../src/stack/servers.ts';
import { startFakeShop, type FakeShop } from '../check/fake-shop.ts';
import { startTestPrometheus, type TestPrometheus } from '../check/prometheus.ts';

/** bcrypt (cost 4) of PASSWORD, for Prometheus' web config. */
const USER = 'checker';
const PASSWORD = 'check-test-password';
const BCRYPT = '$2b$04$FbQV1O3lxs5Ur8KbX6WfvO3Rf164ifxQz8KKfZfEFUl3zeJq/lCRe';

let work: string;
let shop: FakeShop;
let prometheus: TestPrometheus;
let client: PrometheusClient;
let config: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sloforge-client-'));
  shop = await startFakeShop();
  prometheus = await startTestPrometheus({ job: 'shop', targets: [shop.address], waitForMetric: 'shop_requests_total', basicAuth: { user: USER, password: PASSWORD, bcrypt: BCRYPT } });
  await writeFile(join(work, 'auth'), `${USER}:${PASSWORD}\n`);
  await writeFile(join(work, 'wrong-auth'), `${USER}:not-the-password\n`);
  client = await prometheusClient({ url: prometheus.url, basicAuthFile: join(work, 'auth') });
  config = join(work, 'slo.json');
  const sli = { ratio: { errors: 'shop_requests_total{code="500"}', total: 'shop_requests_total' } };
  await writeFile(config, JSON.stringify({ services: [{ name: 'shop', slos: [{ name: 'errors', objective: 99, sli }] }] }));
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await shop?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function sloforge(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { write: (s: string) => ((stdout += s), true) }, { write: (s: string) => ((stderr += s), true) });
  return { code, stdout, stderr };
}

/** A local HTTP server that is not Prometheus: it answers every request with `answer`, and remembers the headers. */
async function notPrometheus(answer: (response: import('node:http').ServerResponse) => void): Promise<{ url: string; headers: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const headers: IncomingHttpHeaders[] = [];
  const server: Server = createServer((request, response) => {
    headers.push(request.headers);
    answer(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    headers,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const range = () => ({ start: Date.now() / 1000 - 3600, end: Date.now() / 1000 });

describe('the Prometheus API client on a real Prometheus', () => {
  it('reads the build info', async () => {
    expect((await client.buildInfo()).version).toMatch(/^2\.\d+\.\d+/);
  });

  it('runs instant queries, vector and scalar', async () => {
    const vector = await client.query('shop_requests_total');
    expect(vector.map((s) => s.metric.code).sort()).toEqual(['200', '500']);
    expect(vector.every((s) => s.metric.job === 'shop' && s.value >= 0)).toBe(true);
    expect(await client.query('scalar(vector(2))')).toEqual([{ metric: {}, value: 2 }]);
    expect(await client.query('vector(1) / 0')).toEqual([{ metric: {}, value: Infinity }]);
  });

  it('lists series, label values and metadata', async () => {
    const series = await client.series(['shop_requests_total{code="500"}', 'shop_healthy'], range());
    expect(series.map((s) => s.__name__).sort()).toEqual(['shop_healthy', 'shop_requests_total']);
    expect(await client.labelValues('le', ['shop_upload_duration_seconds_bucket'], range())).toEqual(['+Inf', '1.0', '2.5']);
    expect(await client.metadata('shop_queue_depth')).toEqual([{ type: 'gauge', help: '', unit: '' }]);
    expect(await client.metadata('no_such_metric')).toEqual([]);
  });

  it("passes on Prometheus' own error text for a bad query", async () => {
    const error = await client.query('sum(').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusApiError);
    expect((error as PrometheusApiError).kind).toBe('query');
    expect((error as PrometheusApiError).message).toMatch(/answered HTTP 400: bad_data: .*parse error/);
  });
});

describe('sloforge check when Prometheus cannot be asked', () => {
  it('succeeds with --basic-auth-file, and says credentials are wanted without it or with wrong ones', async () => {
    const authorized = await sloforge('check', '--config', config, '--prometheus', prometheus.url, '--basic-auth-file', join(work, 'auth'));
    expect(authorized.stdout).toContain(': 0 problems');
    expect(authorized).toMatchObject({ code: 0, stderr: '' });
    for (const flags of [[], ['--basic-auth-file', join(work, 'wrong-auth')]]) {
      const run = await sloforge('check', '--config', config, '--prometheus', prometheus.url, ...flags);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`sloforge check: ${prometheus.url}/api/v1/status/buildinfo answered HTTP 401 Unauthorized: it wants credentials; give them with --bearer-token-file or --basic-auth-file\nNothing was checked: the check needs Prometheus' answers.\n`);
    }
  });

  it('names a credentials file it cannot read', async () => {
    const run = await sloforge('check', '--config', config, '--prometheus', prometheus.url, '--bearer-token-file', join(work, 'missing'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`sloforge check: cannot read the bearer token file ${join(work, 'missing')} (ENOENT)`);
  });

  it('says nothing listens on a port where nothing does', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await sloforge('check', '--config', config, '--prometheus', url);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`sloforge check: cannot reach ${url}/api/v1/status/buildinfo: connection refused: nothing listens there`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('says a host name does not resolve', async () => {
    const run = await sloforge('check', '--config', config, '--prometheus', 'http://sloforge-no-such-host.invalid:9090');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot reach http:\/\/sloforge-no-such-host\.invalid:9090\/api\/v1\/status\/buildinfo: the host name does not resolve/);
  });

  it('says an HTTP 500 HTML page, or a 200 one, is not Prometheus', async () => {
    const failing = await notPrometheus((response) => response.writeHead(500, { 'content-type': 'text/html' }).end('<html><body>upstream broke</body></html>'));
    const page = await notPrometheus((response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>Grafana</html>'));
    try {
      const broken = await sloforge('check', '--config', config, '--prometheus', failing.url);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toContain(`${failing.url}/api/v1/status/buildinfo answered HTTP 500 Internal Server Error, not Prometheus' API (text/html: "<html><body>upstream broke</body></html>"); is the URL the Prometheus server's?`);
      const other = await sloforge('check', '--config', config, '--prometheus', page.url);
      expect(other.code).toBe(1);
      expect(other.stderr).toContain(`${page.url}/api/v1/status/buildinfo answered not Prometheus' API (text/html: "<html>Grafana</html>")`);
      expect(`${broken.stderr}${other.stderr}`).not.toMatch(/\n\s+at /);
    } finally {
      await failing.close();
      await page.close();
    }
  });

  it('gives up after --timeout on a server that never answers', async () => {
    const silent = await notPrometheus(() => {});
    try {
      const started = Date.now();
      const run = await sloforge('check', '--config', config, '--prometheus', silent.url, '--timeout', '1s');
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`sloforge check: ${silent.url}/api/v1/status/buildinfo did not answer within 1s`);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await silent.close();
    }
  });

  it('sends the bearer token from --bearer-token-file, never taking one on the command line', async () => {
    const server = await notPrometheus((response) => response.writeHead(404).end('not here'));
    await writeFile(join(work, 'token'), 'token-from-file\n');
    try {
      await sloforge('check', '--config', config, '--prometheus', server.url, '--bearer-token-file', join(work, 'token'));
      expect(server.headers.map((h) => h.authorization)).toEqual(['Bearer token-from-file']);
      const inline = await sloforge('check', '--config', config, '--prometheus', server.url, '--bearer-token', 'secret');
      expect(inline.code).toBe(2);
      expect(inline.stderr).toContain('Unknown arguments: bearer-token');
    } finally {
      await server.close();
    }
  });

  it('refuses a URL that is not http(s) as a usage error', async () => {
    const run = await sloforge('check', '--config', config, '--prometheus', '127.0.0.1:9090');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--prometheus must be an http:// or https:// URL, got "127.0.0.1:9090"');
  });

  it('refuses credentials in the URL, where the process list would show them', async () => {
    const run = await sloforge('check', '--config', config, '--prometheus', `http://${USER}:${PASSWORD}@127.0.0.1:9090`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('sloforge check: "http://127.0.0.1:9090": credentials in the URL would show in the process list; use --basic-auth-file');
    expect(run.stderr).not.toContain(PASSWORD);
  });
});
