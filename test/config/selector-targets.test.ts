/**
 * Selectors are checked against the jobs and probe endpoints the config itself defines:
 * a mismatch there would leave an SLI without data, so it is an error with a did-you-mean.
 */
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.ts';
import { ConfigError, type Diagnostic } from '../../src/config/diagnostics.ts';

type Config = { services: Record<string, any>[]; [key: string]: any };

const config = (): Config => ({
  services: [
    {
      name: 'checkout',
      scrape: { targets: ['127.0.0.1:8080'] },
      probes: { prober: '127.0.0.1:9115', endpoints: [{ name: 'health', url: 'http://a/health' }, { name: 'ready', url: 'http://a/ready' }] },
      slos: [{ name: 'availability', objective: 99.9, sli: { uptime: { gauge: 'probe_success{job="checkout-probes",endpoint="health"}' } } }],
      alerts: [],
    },
    {
      name: 'search',
      scrape: { job: 'search-api', targets: ['127.0.0.1:8081'] },
      probes: { job: 'blackbox-search', prober: '127.0.0.1:9115', endpoints: [{ name: 'live', url: 'http://b/live' }] },
      slos: [{ name: 'errors', objective: 99, sli: { ratio: { errors: 'http_requests_total{job="search-api",code=~"5.."}', total: 'http_requests_total{job="search-api"}' } } }],
    },
  ],
});

function problems(change: (c: Config) => void): Diagnostic[] {
  const c = config();
  change(c);
  try {
    validateConfig(c, 'slo.config.ts');
  } catch (error) {
    if (error instanceof ConfigError) return [...error.diagnostics];
    throw error;
  }
  return [];
}

const checkout = (c: Config) => c.services[0]!;
const gauge = (selector: string) => (c: Config) => (checkout(c).slos[0].sli = { uptime: { gauge: selector } });
const GAUGE = 'services[checkout].slos[availability].sli.uptime.gauge';

describe('selectors against the config\'s own jobs and probe endpoints', () => {
  it('accepts the jobs and endpoints the config defines, by default and by their own names', () => {
    expect(problems(() => {})).toEqual([]);
    expect(problems(gauge('probe_success{job="blackbox-search",endpoint="live"}'))).toEqual([]);
  });

  it.each<[string, (c: Config) => void, string, string]>([
    ['a probe job spelt wrong, with an endpoint spelt wrong (the issue\'s example)', gauge('probe_success{job="checkout-probe",endpoint="healthz"}'), GAUGE, 'names job "checkout-probe", which is no job of this config; did you mean "checkout-probes", the probe job of service checkout?'],
    ['an endpoint the probe job does not probe', gauge('probe_success{job="checkout-probes",endpoint="healthz"}'), GAUGE, 'names endpoint "healthz", which job "checkout-probes" does not probe (it probes "health", "ready"); did you mean "health"?'],
    ['an endpoint like none of them', gauge('probe_success{job="checkout-probes",endpoint="metrics"}'), GAUGE, 'names endpoint "metrics", which job "checkout-probes" does not probe (it probes "health", "ready")'],
    ['an endpoint of another service\'s probes', gauge('probe_success{job="blackbox-search",endpoint="health"}'), GAUGE, 'names endpoint "health", which job "blackbox-search" does not probe (it probes "live")'],
    ['an endpoint in a regex of literal alternatives', gauge('probe_success{job="checkout-probes",endpoint=~"health|redy"}'), GAUGE, 'names endpoint "redy", which job "checkout-probes" does not probe (it probes "health", "ready"); did you mean "ready"?'],
    ['an endpoint spelt wrong where no job is named', gauge('probe_success{endpoint="helth"}'), GAUGE, 'names endpoint "helth", which no probe of this config has; did you mean "health"?'],
    ['probe results read from the metrics job', gauge('probe_success{job="checkout",endpoint="health"}'), GAUGE, 'reads probe_success from job "checkout", the metrics job of service checkout; probe results come from its probe job "checkout-probes"'],
    ['a metrics job spelt wrong in a ratio', (c) => (c.services[1]!.slos[0].sli.ratio.total = 'http_requests_total{job="search_api"}'), 'services[search].slos[errors].sli.ratio.total', 'names job "search_api", which is no job of this config; did you mean "search-api", the metrics job of service search?'],
    ['a metrics job spelt wrong in a latency histogram', (c) => (checkout(c).slos[0].sli = { latency: { histogram: 'h_seconds{job="chekout"}', threshold: 1 } }), 'services[checkout].slos[availability].sli.latency.histogram', 'did you mean "checkout", the metrics job of service checkout?'],
    ['a job spelt wrong in a regex alternative', (c) => (c.services[1]!.slos[0].sli.ratio.errors = 'http_requests_total{job=~"search-api|search-apl",code=~"5.."}'), 'services[search].slos[errors].sli.ratio.errors', 'names job "search-apl"'],
    ['a job spelt wrong in a raw SLI', (c) => (checkout(c).slos[0].sli = { raw: { errorRatio: 'sum(rate(e_total{job="checkuot"}[$window])) / sum(rate(t_total{job="checkout"}[$window]))' } }), 'services[checkout].slos[availability].sli.raw.errorRatio', 'names job "checkuot"'],
    ['a job spelt wrong in a threshold alert\'s selector', (c) => checkout(c).alerts.push({ name: 'Errors', severity: 'critical', summary: 's', errorRate: { errors: 'e_total{job="checkout-prbes"}', total: 't_total', above: 0.1 } }), 'services[checkout].alerts[Errors].errorRate.errors', 'did you mean "checkout-probes"'],
    ['an endpoint spelt wrong in a threshold alert\'s expression', (c) => checkout(c).alerts.push({ name: 'Slow', severity: 'critical', summary: 's', expr: 'probe_duration_seconds{job="checkout-probes",endpoint="redy"} > 1' }), 'services[checkout].alerts[Slow].expr', 'did you mean "ready"?'],
    ['a probe alert on an endpoint spelt wrong', (c) => checkout(c).alerts.push({ name: 'NotReady', severity: 'critical', summary: 's', probeFailed: { endpoint: 'redy' } }), 'services[checkout].alerts[NotReady].probeFailed.endpoint', 'names no probe endpoint; the service probes "health", "ready"; did you mean "ready"?'],
  ])('%s is an error', (_, change, path, message) => {
    const found = problems(change);
    expect(found.filter((d) => d.path === path).map((d) => d.message), JSON.stringify(found)).toContainEqual(expect.stringContaining(message));
  });

  it.each<[string, (c: Config) => void]>([
    ['a job scraped elsewhere', (c) => (c.services[1]!.slos[0].sli.ratio = { errors: 'pg_errors_total{job="postgres"}', total: 'pg_queries_total{job="postgres"}' })],
    ['a job of the same service scraped elsewhere', (c) => (c.services[1]!.slos[0].sli.ratio = { errors: 'e_total{job="search-canary"}', total: 't_total{job="search-canary"}' })],
    ['a short job a letter away from a short own one', (c) => ((c.services[1]!.scrape.job = 'web'), (c.services[1]!.slos[0].sli.ratio = { errors: 'e_total{job="db"}', total: 't_total{job="db"}' }))],
    ['a regex that is more than literal alternatives', gauge('probe_success{job=~"checkout-prob.*",endpoint=~"heal.*"}')],
    ['a negative matcher', gauge('probe_success{job!="checkout-probe",endpoint!="healthz"}')],
    ['an endpoint label on the service\'s own metrics', (c) => (c.services[1]!.slos[0].sli.ratio = { errors: 'http_requests_total{job="search-api",endpoint="/search",code=~"5.."}', total: 'http_requests_total{job="search-api",endpoint="/search"}' })],
  ])('%s is not', (_, change) => {
    expect(problems(change)).toEqual([]);
  });
});
