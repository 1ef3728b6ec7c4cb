/**
 * SLOs of FraiseQL, from its production operations guide ("Recommended Targets for
 * FraiseQL"): availability 99.9%, 95% of queries under 100ms, error rate under 0.1%,
 * each over 30 days.
 */
import { defineConfig } from 'sloforge';

/** The customer commitment (SLA) beside each internal target; the SLOs alert well before it is at risk. */
const SLA = {
  availability: '99.5% uptime',
  latency: 'p95 < 150ms',
  errorRate: '< 0.2% errors',
  credits: '10% for 99-99.5%, 25% for 98-99%, 50% below 98%',
} as const;

const RUNBOOKS = 'https://runbooks.fraiseql.example/operations';

export default defineConfig({
  alerting: {
    runbookUrl: `${RUNBOOKS}/service-restart`,
  },
  services: [
    {
      name: 'fraiseql',
      labels: { team: 'fraiseql-oncall' },
      slos: [
        {
          name: 'availability',
          description: `Uptime of the /health probe (SLA: ${SLA.availability}; credits ${SLA.credits})`,
          objective: 99.9,
          period: '30d',
          sli: { uptime: { gauge: 'probe_success{job="fraiseql-probes",endpoint="/health"}' } },
        },
        {
          name: 'query-latency',
          description: `95% of queries faster than 100ms (SLA: ${SLA.latency})`,
          objective: 95,
          period: '30d',
          sli: { latency: { histogram: 'fraiseql_query_duration_seconds{job="fraiseql"}', threshold: '100ms' } },
        },
        {
          name: 'query-errors',
          description: `Error rate under 0.1% of queries (SLA: ${SLA.errorRate})`,
          objective: 99.9,
          period: '30d',
          sli: {
            ratio: {
              good: 'fraiseql_queries_total{job="fraiseql",status="success"}',
              total: 'fraiseql_queries_total{job="fraiseql"}',
            },
          },
        },
      ],
    },
  ],
});
