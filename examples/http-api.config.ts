/**
 * An HTTP API behind a load balancer: availability and latency SLOs per route from the
 * service's own counters and histogram, a health probe, threshold alerts for what the
 * SLOs do not cover, and Alertmanager routing by severity (pages and tickets).
 *
 * Copy it to slo.config.ts (slo.config.mts in a CommonJS project) and edit the names.
 */
import { defineConfig } from 'sloforge';

const RUNBOOKS = 'https://runbooks.example.com/checkout';

export default defineConfig({
  prometheus: { scrapeInterval: '30s', evaluationInterval: '30s', alertmanagers: ['127.0.0.1:9093'] },
  alerting: {
    runbookUrl: `${RUNBOOKS}/error-budget`,
    // One failed request an hour on an idle night should page nobody.
    tiers: { fastPage: { minRequestRate: 0.5 }, slowPage: { minRequestRate: 0.5 } },
  },
  services: [
    {
      name: 'checkout',
      labels: { team: 'payments' },
      scrape: { job: 'checkout', targets: ['checkout-1.internal:8080', 'checkout-2.internal:8080'] },
      probes: {
        prober: '127.0.0.1:9115',
        endpoints: [{ name: 'health', url: 'https://checkout.example.com/healthz' }],
      },
      slos: [
        {
          name: 'availability',
          description: 'Checkout requests that do not fail with a server error',
          objective: 99.9,
          sli: {
            ratio: {
              errors: 'http_requests_total{job="checkout",code=~"5.."}',
              total: 'http_requests_total{job="checkout"}',
              // One SLO series per route: a broken /pay shows even while /cart is fine.
              groupBy: ['route'],
            },
          },
        },
        {
          name: 'latency',
          description: 'Checkout requests served within 500ms',
          objective: 99,
          period: '28d',
          sli: { latency: { histogram: 'http_request_duration_seconds{job="checkout"}', threshold: '500ms' } },
        },
        {
          name: 'health-probe',
          description: 'The public health check answers, seen from outside the cluster',
          objective: 99.95,
          sli: { uptime: { gauge: 'probe_success{job="checkout-probes",endpoint="health"}' } },
          // Probe blips page nobody: tickets only.
          alerting: { tiers: { fastPage: false, slowPage: false } },
        },
      ],
      alerts: [
        {
          name: 'CheckoutDown',
          severity: 'critical',
          for: '2m',
          summary: 'A checkout instance is down, or the job has no targets',
          description: '{{ $labels.instance }} does not answer its scrape.',
          runbookUrl: `${RUNBOOKS}/restart`,
          serviceDown: {},
        },
        {
          name: 'CheckoutSlowP99',
          severity: 'warning',
          for: '15m',
          summary: 'Checkout p99 latency above 2s',
          description: 'p99 latency is {{ $value | humanizeDuration }} over 5m.',
          latency: { histogram: 'http_request_duration_seconds{job="checkout"}', quantile: 0.99, above: '2s' },
        },
        {
          name: 'CheckoutDiskFull',
          severity: 'warning',
          for: '10m',
          summary: 'Less than 10% disk left',
          diskFull: { below: 0.1, filesystems: '{job="node",mountpoint="/"}' },
        },
      ],
    },
  ],
  alertmanager: {
    severities: {
      critical: { receiver: 'pager', responseTarget: 'acknowledge within 5 minutes', groupWait: '10s', repeatInterval: '1h' },
      warning: { receiver: 'team-chat', responseTarget: 'look within one working day', repeatInterval: '12h' },
    },
    receivers: {
      pager: { pagerduty: { routingKeyFile: '/etc/alertmanager/secrets/pagerduty-payments' } },
      'team-chat': { slack: { apiUrlFile: '/etc/alertmanager/secrets/slack-webhook', channel: '#payments-alerts' } },
    },
    defaultReceiver: 'team-chat',
  },
});
