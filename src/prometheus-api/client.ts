/**
 * The Prometheus HTTP API, as sloforge's live commands ask it: instant and range queries,
 * series, label values, metadata, targets, build and runtime info. Every failure is a PrometheusApiError that
 * says what went wrong in words a user can act on; credentials come only from files.
 */
import { readFile } from 'node:fs/promises';

export type Labels = Readonly<Record<string, string>>;

export interface ClientOptions {
  /** Base URL; a path prefix (`http://host/prometheus`) is kept. */
  readonly url: string;
  /** A file holding the bearer token. */
  readonly bearerTokenFile?: string;
  /** A file holding `user:password`. */
  readonly basicAuthFile?: string;
  /** Per request. @default 30_000 */
  readonly timeoutMs?: number;
}

/** Why a request got no answer: the kinds a caller may tell apart. */
export type FailureKind = 'url' | 'credentials' | 'unreachable' | 'timeout' | 'http' | 'not-prometheus' | 'query';

export class PrometheusApiError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'PrometheusApiError';
  }
}

/** A time range in Unix seconds. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

export interface Sample {
  readonly metric: Labels;
  readonly value: number;
}

/** A series of a range query: its points as [Unix seconds, value], in time order. */
export interface RangeSeries {
  readonly metric: Labels;
  readonly points: readonly (readonly [number, number])[];
}

export interface MetricMetadata {
  readonly type: string;
  readonly help: string;
  readonly unit: string;
}

export interface Target {
  readonly labels: Labels;
  readonly scrapeUrl: string;
  /** `unknown` until the first scrape has finished. */
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastError: string;
}

export interface BuildInfo {
  readonly version: string;
  readonly revision: string;
}

export interface PrometheusClient {
  readonly url: string;
  /** An instant vector (a scalar arrives as one sample without labels). */
  query(expr: string, time?: number): Promise<Sample[]>;
  /** `expr` evaluated at every `step` seconds from `range.start` to `range.end`. */
  queryRange(expr: string, range: Range, step: number): Promise<RangeSeries[]>;
  /** The label sets of the series any of `matchers` selects within `range`. */
  series(matchers: readonly string[], range: Range): Promise<Labels[]>;
  /** Values of `label` among the series `matchers` select within `range`. */
  labelValues(label: string, matchers: readonly string[], range: Range): Promise<string[]>;
  /** What the targets say about a metric family (one entry per distinct answer); empty when none does. */
  metadata(metric: string): Promise<MetricMetadata[]>;
  /** The targets being scraped now. */
  activeTargets(): Promise<Target[]>;
  buildInfo(): Promise<BuildInfo>;
  /** How long the server keeps samples, as it says it (`15d`, `30d or 100GiB`). */
  storageRetention(): Promise<string>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

type Pair = [string, string];

/** A client of the server at `options.url`; reads the credential files once, now. */
export async function prometheusClient(options: ClientOptions): Promise<PrometheusClient> {
  const base = baseUrl(options.url);
  const headers: Record<string, string> = { accept: 'application/json' };
  const authorization = await authorizationHeader(options);
  if (authorization) headers.authorization = authorization;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const call = <T>(path: string, params: URLSearchParams, method: 'GET' | 'POST' = 'GET') =>
    request<T>(base, path, params, method, headers, timeoutMs);
  const rangeParams = (range: Range): Pair[] => [['start', String(range.start)], ['end', String(range.end)]];
  const matchParams = (matchers: readonly string[]): Pair[] => matchers.map((m) => ['match[]', m]);
  return {
    url: base.href.replace(/\/$/, ''),
    async query(expr, time) {
      const params = new URLSearchParams([['query', expr], ...(time === undefined ? [] : [['time', String(time)] as Pair])]);
      const data = await call<{ resultType: string; result: unknown }>('api/v1/query', params, 'POST');
      if (data.resultType === 'scalar') return [{ metric: {}, value: parseValue((data.result as [number, string])[1]) }];
      if (data.resultType !== 'vector') throw new PrometheusApiError('query', `${expr}: expected an instant vector, got a ${data.resultType}`);
      return (data.result as { metric: Labels; value: [number, string] }[]).map((s) => ({ metric: s.metric, value: parseValue(s.value[1]) }));
    },
    async queryRange(expr, range, step) {
      const params = new URLSearchParams([['query', expr], ...rangeParams(range), ['step', String(step)]]);
      const data = await call<{ resultType: string; result: unknown }>('api/v1/query_range', params, 'POST');
      if (data.resultType !== 'matrix') throw new PrometheusApiError('query', `${expr}: expected a range vector, got a ${data.resultType}`);
      return (data.result as { metric: Labels; values: [number, string][] }[]).map((s) => ({ metric: s.metric, points: s.values.map(([t, v]) => [t, parseValue(v)] as const) }));
    },
    series: (matchers, range) => call<Labels[]>('api/v1/series', new URLSearchParams([...matchParams(matchers), ...rangeParams(range)]), 'POST'),
    labelValues: (label, matchers, range) =>
      call<string[]>(`api/v1/label/${encodeURIComponent(label)}/values`, new URLSearchParams([...matchParams(matchers), ...rangeParams(range)])),
    async metadata(metric) {
      const data = await call<Record<string, MetricMetadata[]>>('api/v1/metadata', new URLSearchParams([['metric', metric]]));
      return data[metric] ?? [];
    },
    activeTargets: async () => (await call<{ activeTargets: Target[] }>('api/v1/targets', new URLSearchParams([['state', 'active']]))).activeTargets,
    buildInfo: () => call<BuildInfo>('api/v1/status/buildinfo', new URLSearchParams()),
    storageRetention: async () => (await call<{ storageRetention?: string }>('api/v1/status/runtimeinfo', new URLSearchParams())).storageRetention ?? '',
  };
}

/** Prometheus writes sample values as strings: `+Inf`, `-Inf` and `NaN` included. */
export function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

function baseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PrometheusApiError('url', `"${url}" is not a URL; expected one such as http://127.0.0.1:9090`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new PrometheusApiError('url', `"${url}" is not an http:// or https:// URL`);
  }
  if (parsed.username || parsed.password) {
    throw new PrometheusApiError('credentials', `"${parsed.origin}": credentials in the URL would show in the process list; use --basic-auth-file`);
  }
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
  parsed.search = '';
  parsed.hash = '';
  return parsed;
}

async function authorizationHeader(options: ClientOptions): Promise<string | undefined> {
  if (options.bearerTokenFile && options.basicAuthFile) {
    throw new PrometheusApiError('credentials', 'give a bearer token file or a basic-auth file, not both');
  }
  if (options.bearerTokenFile) {
    const token = (await readSecret(options.bearerTokenFile, 'bearer token')).trim();
    if (!token) throw new PrometheusApiError('credentials', `bearer token file ${options.bearerTokenFile} is empty`);
    return `Bearer ${token}`;
  }
  if (options.basicAuthFile) {
    const text = (await readSecret(options.basicAuthFile, 'basic-auth')).replace(/\r?\n$/, '');
    if (!text.includes(':')) throw new PrometheusApiError('credentials', `basic-auth file ${options.basicAuthFile} must hold user:password on one line`);
    return `Basic ${Buffer.from(text).toString('base64')}`;
  }
  return undefined;
}

async function readSecret(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PrometheusApiError('credentials', `cannot read the ${what} file ${file}${code ? ` (${code})` : ''}`);
  }
}

async function request<T>(base: URL, path: string, params: URLSearchParams, method: 'GET' | 'POST', headers: Record<string, string>, timeoutMs: number): Promise<T> {
  const url = new URL(path, base);
  if (method === 'GET') url.search = params.toString();
  const where = `${url.origin}${url.pathname}`;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method,
      headers: method === 'POST' ? { ...headers, 'content-type': 'application/x-www-form-urlencoded' } : headers,
      body: method === 'POST' ? params.toString() : undefined,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    text = await response.text();
  } catch (error) {
    throw transportError(error, where, timeoutMs);
  }
  if (response.status === 401 || response.status === 403) {
    throw new PrometheusApiError('http', `${where} answered HTTP ${response.status} ${response.statusText}: ${response.status === 401 ? 'it wants credentials' : 'these credentials may not read it'}; give them with --bearer-token-file or --basic-auth-file`);
  }
  const body = parseBody(text);
  if (!body) {
    const type = response.headers.get('content-type') ?? 'no content type';
    const status = response.ok ? '' : `HTTP ${response.status} ${response.statusText}, `;
    throw new PrometheusApiError(response.ok ? 'not-prometheus' : 'http', `${where} answered ${status}not Prometheus' API (${type}: ${JSON.stringify(text.slice(0, 80))}); is the URL the Prometheus server's?`);
  }
  if (body.status !== 'success') {
    const kind = response.ok || response.status === 400 || response.status === 422 ? 'query' : 'http';
    throw new PrometheusApiError(kind, `${where} answered HTTP ${response.status}: ${body.errorType ?? 'error'}: ${body.error ?? 'no error text'}`);
  }
  return body.data as T;
}

interface ApiBody {
  status: string;
  data?: unknown;
  errorType?: string;
  error?: string;
}

function parseBody(text: string): ApiBody | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object' && typeof (body as ApiBody).status === 'string') return body as ApiBody;
  } catch {
    // not JSON: not Prometheus
  }
  return undefined;
}

export function transportError(error: unknown, where: string, timeoutMs: number): PrometheusApiError {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new PrometheusApiError('timeout', `${where} did not answer within ${timeoutMs / 1000}s`);
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = {
    ECONNREFUSED: 'connection refused: nothing listens there',
    ENOTFOUND: 'the host name does not resolve',
    EAI_AGAIN: 'the host name does not resolve (DNS failed)',
    ECONNRESET: 'the connection was reset',
    EHOSTUNREACH: 'the host is unreachable',
  }[cause?.code ?? ''];
  const detail = reason ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new PrometheusApiError('unreachable', `cannot reach ${where}: ${detail}`);
}
