/**
 * The SLOs of this project, compiled by sloforge into Prometheus recording rules,
 * burn-rate alerts, promtool tests that prove them, Alertmanager routing and Grafana
 * dashboards:
 *
 *   npm run slo:generate    write generated/ (commit it: alert changes show up as diffs)
 *   npm run slo:check       fail when generated/ is not current (CI runs this)
 *
 * Everything below is an example of an HTTP API: change the metric names and labels to
 * your service's. Every field is typed: hover over one, or see
 * node_modules/sloforge/README.md and node_modules/sloforge/examples/.
 */
import { defineConfig } from 'sloforge';

export default defineConfig({
  services: [
    {
      // Lowercase letters, digits, "-" and "_": the `service` label of every rule and alert.
      name: 'api',
      // Added to every rule and alert of the service, e.g. for Alertmanager routing.
      labels: { team: 'backend' },
      // The Prometheus job that scrapes the service's /metrics.
      scrape: { job: 'api', targets: ['localhost:8080'] },
      slos: [
        {
          name: 'availability',
          description: 'Requests that do not fail with a server error',
          // Percent of good events over the period: 99.9 over 30 days leaves 43m12s of full outage.
          objective: 99.9,
          period: '30d',
          // Counters of failed and of all requests; sloforge takes their rates.
          sli: {
            ratio: {
              errors: 'http_requests_total{job="api",code=~"5.."}',
              total: 'http_requests_total{job="api"}',
            },
          },
        },
        {
          name: 'latency',
          description: 'Requests served within 250ms',
          objective: 99,
          // A classic histogram (without _bucket); the threshold must be one of its buckets
          // (250ms is one of the Prometheus clients' default buckets).
          sli: { latency: { histogram: 'http_request_duration_seconds{job="api"}', threshold: '250ms' } },
        },
      ],
      // Plain threshold alerts beside the SLOs' burn-rate alerts.
      alerts: [
        {
          name: 'ApiDown',
          severity: 'critical',
          for: '2m',
          summary: 'The api scrape job is down or has no targets',
          serviceDown: {},
        },
      ],
    },
  ],
  // Burn-rate alerting for every SLO: pages (critical) for fast burns, tickets (warning) for slow ones.
  alerting: {
    runbookUrl: 'https://runbooks.example.com/api',
  },
});
