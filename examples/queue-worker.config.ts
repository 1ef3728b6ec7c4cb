/**
 * Background workers that take jobs off a queue: the share of jobs that succeed, the
 * share processed within a minute of being queued, and threshold alerts on the backlog
 * and the worker pool. Targets come from file-based service discovery, as workers come
 * and go.
 *
 * Copy it to slo.config.ts (slo.config.mts in a CommonJS project) and edit the names.
 */
import { defineConfig } from 'sloforge';

/** The number of worker processes each host runs (WORKER_CONCURRENCY in its environment). */
const WORKERS_PER_HOST = 16;

export default defineConfig({
  services: [
    {
      name: 'email-worker',
      labels: { team: 'notifications' },
      scrape: { job: 'email-worker', fileSd: ['/etc/prometheus/targets/email-worker-*.json'], interval: '30s' },
      slos: [
        {
          name: 'jobs-succeed',
          description: 'Email jobs that finish without an error, retries included',
          objective: 99.5,
          sli: {
            ratio: {
              good: 'worker_jobs_finished_total{job="email-worker",outcome="success"}',
              total: 'worker_jobs_finished_total{job="email-worker"}',
              groupBy: ['queue'],
            },
          },
        },
        {
          name: 'jobs-on-time',
          description: 'Email jobs started within 60s of being queued',
          objective: 99,
          period: '7d',
          sli: { latency: { histogram: 'worker_job_queue_wait_seconds{job="email-worker"}', threshold: 60 } },
          // A 7d period makes the default page tiers fire at 3.36x and 1.4x the budget; a late email is a ticket, not a page.
          alerting: { tiers: { fastPage: { severity: 'warning' }, slowPage: { severity: 'warning' } } },
        },
      ],
      alerts: [
        {
          name: 'EmailWorkersDown',
          severity: 'critical',
          for: '5m',
          summary: 'An email worker host is down, or discovery finds none',
          serviceDown: {},
        },
        {
          name: 'EmailQueueBacklog',
          severity: 'warning',
          for: '15m',
          summary: 'More than 10,000 emails waiting',
          description: '{{ $value }} jobs are waiting in {{ $labels.queue }}.',
          expr: 'sum by (queue) (worker_queue_depth{job="email-worker"}) > 10000',
        },
        {
          name: 'EmailWorkerPoolSaturated',
          severity: 'warning',
          for: '30m',
          summary: 'Workers busy 90% of the time: add hosts',
          description: '{{ $labels.instance }} has {{ $value | humanizePercentage }} of its workers busy.',
          saturation: { used: 'worker_busy_workers{job="email-worker"}', capacity: WORKERS_PER_HOST, above: 0.9 },
        },
      ],
    },
  ],
});
