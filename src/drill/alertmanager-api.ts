/**
 * The two calls of Alertmanager's v2 API a drill makes: post alerts, list alerts with
 * the receivers their labels route to. Failures are PrometheusApiErrors in the words the
 * Prometheus client uses (unreachable, timeout, HTTP status), so commands report both alike.
 */
import { PrometheusApiError, transportError } from '../prometheus-api/client.ts';

export interface PostableAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: string;
  readonly endsAt?: string;
}

export interface RoutedAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly receivers: readonly string[];
  readonly state: string;
}

export interface AlertmanagerApi {
  readonly url: string;
  post(alerts: readonly PostableAlert[]): Promise<void>;
  /** Alerts whose labels match every `matchers` entry (`name="value"`). */
  alerts(matchers: readonly string[]): Promise<RoutedAlert[]>;
}

export function alertmanagerApi(url: string, timeoutMs: number): AlertmanagerApi {
  const base = new URL(url.endsWith('/') ? url : `${url}/`);
  const call = async (path: string, init: RequestInit): Promise<string> => {
    const target = new URL(path, base);
    const where = `${target.origin}${target.pathname}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(target, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
      text = await response.text();
    } catch (error) {
      throw transportError(error, where, timeoutMs);
    }
    if (!response.ok) throw new PrometheusApiError('http', `${where} answered HTTP ${response.status} ${response.statusText}: ${JSON.stringify(text.slice(0, 200))}; is the URL Alertmanager's?`);
    return text;
  };
  return {
    url,
    async post(alerts) {
      await call('api/v2/alerts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
    },
    async alerts(matchers) {
      const query = new URLSearchParams(matchers.map((m): [string, string] => ['filter', m]));
      const text = await call(`api/v2/alerts?${query}`, { method: 'GET' });
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new PrometheusApiError('http', `${base.origin}${base.pathname}api/v2/alerts answered no JSON (${JSON.stringify(text.slice(0, 80))}); is the URL Alertmanager's?`);
      }
      if (!Array.isArray(body)) throw new PrometheusApiError('http', `${base.origin}${base.pathname}api/v2/alerts answered no list of alerts; is the URL Alertmanager's?`);
      return (body as { labels: Record<string, string>; receivers?: { name: string }[]; status?: { state?: string } }[]).map((a) => ({
        labels: a.labels,
        receivers: (a.receivers ?? []).map((r) => r.name).sort(),
        state: a.status?.state ?? 'unknown',
      }));
    },
  };
}
