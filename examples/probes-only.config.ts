/**
 * Services you cannot instrument (a vendor appliance, a static site, a managed database):
 * what the blackbox exporter sees from outside is all there is. Uptime SLOs from its
 * probes, alerts on a failing or slow probe, and no scrape job of the services' own.
 *
 * Copy it to slo.config.ts (slo.config.mts in a CommonJS project) and edit the names.
 */
import { defineConfig } from 'sloforge';

export default defineConfig({
  services: [
    {
      name: 'website',
      labels: { team: 'web' },
      probes: {
        prober: '127.0.0.1:9115',
        interval: '30s',
        endpoints: [
          { name: 'home', url: 'https://www.example.com/' },
          { name: 'docs', url: 'https://docs.example.com/' },
        ],
      },
      slos: [
        {
          name: 'home-up',
          description: 'The home page answers 2xx, probed every 30s',
          objective: 99.9,
          sli: { uptime: { gauge: 'probe_success{job="website-probes",endpoint="home"}' } },
        },
        {
          name: 'docs-up',
          objective: 99.5,
          sli: { uptime: { gauge: 'probe_success{job="website-probes",endpoint="docs"}' } },
        },
      ],
      alerts: [
        {
          name: 'HomePageSlow',
          severity: 'warning',
          for: '10m',
          summary: 'The home page takes over 2s to answer',
          probeSlow: { endpoint: 'home', above: '2s' },
        },
      ],
    },
    {
      name: 'billing-db',
      labels: { team: 'data' },
      probes: {
        prober: '127.0.0.1:9115',
        module: 'tcp_connect',
        endpoints: [{ name: 'primary', url: 'billing-db.internal:5432' }],
      },
      slos: [
        {
          name: 'accepts-connections',
          description: 'The primary accepts TCP connections on 5432',
          objective: 99.95,
          sli: { uptime: { gauge: 'probe_success{job="billing-db-probes",endpoint="primary"}' } },
        },
      ],
      alerts: [
        {
          name: 'BillingDbUnreachable',
          severity: 'critical',
          for: '1m',
          summary: 'The billing database does not accept connections',
          probeFailed: { endpoint: 'primary' },
        },
      ],
    },
  ],
});
