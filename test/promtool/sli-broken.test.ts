/**
 * Issue 11: a latency threshold that is no bucket of the histogram counted every request
 * as slow and paged within minutes. Here a real histogram's series (buckets 0.1/0.5/+Inf,
 * every request fast) run through the generated rules in promtool: no burn-rate alert,
 * the SLIBroken ticket instead, per group, while a group whose data is sound still pages.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateInto } from '../support/generate.ts';
import { testRules } from '../support/promtool.ts';
import { toYaml } from '../../src/output/serialize.ts';

const config = {
  services: [
    {
      name: 'api',
      slos: [
        { name: 'latency', objective: 99, sli: { latency: { histogram: 'http_request_duration_seconds{job="api"}', threshold: '250ms' } } },
        { name: 'latency-by-route', objective: 99, sli: { latency: { histogram: 'http_request_duration_seconds{job="web"}', threshold: '250ms', groupBy: ['route'] } } },
        { name: 'jobs', objective: 99, sli: { raw: { errorRatio: 'sum(rate(jobs_failed_total[$window])) / sum(rate(jobs_total[$window]))' } } },
        { name: 'checkout', objective: 99.9, sli: { ratio: { errors: 'checkout_errors_total', total: 'checkout_total{job="api"}' } } },
        { name: 'up', objective: 99.9, sli: { uptime: { gauge: 'probe_duration_seconds{job="probes"}' } } },
      ],
    },
  ],
};

/** A counter growing by `perMinute` each minute for 40 minutes. */
const counter = (perMinute: number) => `0+${perMinute}x40`;

/** A classic histogram's series, cumulative: `below[le]` requests a minute at or under each bound. */
function histogram(labels: string, below: Record<string, number>, total: number) {
  return [
    ...Object.entries(below).map(([le, perMinute]) => ({ series: `http_request_duration_seconds_bucket{${labels},le="${le}"}`, values: counter(perMinute) })),
    { series: `http_request_duration_seconds_bucket{${labels},le="+Inf"}`, values: counter(total) },
    { series: `http_request_duration_seconds_count{${labels}}`, values: counter(total) },
    { series: `http_request_duration_seconds_sum{${labels}}`, values: counter(total * 0.05) },
  ];
}

const burnsOf = (matchers: string) => `count_over_time(ALERTS{alertname="ErrorBudgetBurn",service="api",${matchers}}[30m])`;
const until = (fixed: string) => `Until it is fixed that data counts as no errors, so the burn-rate alerts cannot page for it.${fixed}`;

const suite = {
  rule_files: ['rules/api.yml'],
  evaluation_interval: '1m',
  tests: [
    {
      name: 'a 250ms threshold on buckets 0.1/0.5/+Inf with every request fast raises SLIBroken and no burn',
      interval: '1m',
      input_series: [
        ...histogram('job="api",instance="a"', { '0.1': 600, '0.5': 600 }, 600),
        // The same route, broken; and one whose histogram has the bucket and half its requests slow.
        ...histogram('job="web",instance="a",route="/broken"', { '0.1': 600, '0.5': 600 }, 600),
        ...histogram('job="web",instance="a",route="/ok"', { '0.1': 300, '0.25': 300, '0.5': 600 }, 600),
        { series: 'jobs_total{job="batch"}', values: counter(100) },
        { series: 'jobs_failed_total{job="batch"}', values: counter(300) },
        { series: 'checkout_total{job="api"}', values: counter(100) },
        { series: 'checkout_errors_total{job="other"}', values: counter(5000) },
        { series: 'probe_duration_seconds{job="probes"}', values: '1.35+0x40' },
      ],
      promql_expr_test: [
        ...['slo="latency"', 'slo="latency-by-route",route="/broken"', 'slo="jobs"', 'slo="checkout"', 'slo="up"'].map((matchers) => ({ expr: burnsOf(matchers), eval_time: '30m', exp_samples: [] })),
        // A real outage beside the broken group still pages: the fast and slow page tiers fire for /ok.
        {
          expr: 'ALERTS{alertname="ErrorBudgetBurn",alertstate="firing",slo="latency-by-route"}',
          eval_time: '30m',
          exp_samples: ['1h', '6h'].map((long) => ({
            labels: `ALERTS{alertname="ErrorBudgetBurn",alertstate="firing",service="api",slo="latency-by-route",route="/ok",severity="critical",long_window="${long}",short_window="${long === '1h' ? '5m' : '30m'}"}`,
            value: 1,
          })),
        },
        // The broken series count no errors, and the broken gauge no down time.
        { expr: 'slo:sli_error:ratio_rate5m{slo=~"latency|checkout|jobs"}', eval_time: '30m', exp_samples: ['latency', 'checkout', 'jobs'].map((slo) => ({ labels: `slo:sli_error:ratio_rate5m{service="api",slo="${slo}"}`, value: 0 })) },
        { expr: 'slo:sli_error:ratio_rate5m{slo="up"}', eval_time: '30m', exp_samples: [] },
        { expr: 'ALERTS{alertname="SLIBroken",alertstate="firing"}', eval_time: '9m', exp_samples: [] },
      ],
      // SLIBroken's default `for` is 10m.
      alert_rule_test: [
        {
          eval_time: '12m',
          alertname: 'SLIBroken',
          exp_alerts: [
            {
              exp_labels: { service: 'api', slo: 'latency', severity: 'warning' },
              exp_annotations: {
                summary: 'api/latency has no histogram bucket at its 0.25s latency threshold',
                description:
                  'The histogram `http_request_duration_seconds{job="api"}` has no bucket le="0.25" in 1 of its series: their count is there but not the bucket at the threshold, so the SLI cannot tell fast requests from slow ones. Its buckets are 0.1, 0.5. Set the SLO\'s latency threshold to one of them, or give the histogram a 0.25 bucket. ' +
                  until(''),
              },
            },
            {
              exp_labels: { service: 'api', slo: 'latency-by-route', route: '/broken', severity: 'warning' },
              exp_annotations: {
                summary: 'api/latency-by-route (route=/broken) has no histogram bucket at its 0.25s latency threshold',
                description:
                  'The histogram `http_request_duration_seconds{job="web"}` has no bucket le="0.25" in 1 of its series: their count is there but not the bucket at the threshold, so the SLI cannot tell fast requests from slow ones. Its buckets are 0.1, 0.5. Set the SLO\'s latency threshold to one of them, or give the histogram a 0.25 bucket. ' +
                  until(''),
              },
            },
            {
              exp_labels: { service: 'api', slo: 'jobs', severity: 'warning' },
              exp_annotations: {
                summary: 'api/jobs has an error ratio below 0 or above 2',
                description: 'The error ratio expression returns 1 series below 0 or above 2 over 5m; an error ratio lies between 0 and 1, so its numerator counts something its denominator does not. ' + until(''),
              },
            },
            {
              exp_labels: { service: 'api', slo: 'checkout', severity: 'warning' },
              exp_annotations: {
                summary: 'api/checkout counts more errors than events',
                description:
                  'Over the last 5m the errors selector `checkout_errors_total` counted 50.0 times as many events as the total selector `checkout_total{job="api"}`, and errors must be some of those events: give both the same metric and matchers, errors with one more (such as code=~"5.."). ' +
                  until(''),
              },
            },
            {
              exp_labels: { service: 'api', slo: 'up', severity: 'warning' },
              exp_annotations: {
                summary: 'api/up reads a gauge outside 0..1',
                description:
                  '1 series of the gauge `probe_duration_seconds{job="probes"}` are outside 0..1, so it is no up/down gauge; an uptime SLI needs one that is 1 when up and 0 when down, such as up or probe_success. ' +
                  until(''),
              },
            },
          ],
        },
      ],
    },
  ],
};

describe('a misconfigured SLI raises SLIBroken in promtool, never a burn-rate page', () => {
  let dir: string;
  beforeAll(async () => {
    const configDir = await mkdtemp(join(tmpdir(), 'sloforge-broken-'));
    const file = join(configDir, 'slo.config.json');
    await writeFile(file, JSON.stringify(config));
    dir = (await generateInto(file)).dir;
  });

  it('histograms without the threshold bucket, errors beyond the total, a raw ratio of 3 and a gauge of 1.35s: tickets, and the sound route still pages', async () => {
    const file = join(dir, 'prometheus/broken-sli.test.yml');
    // Groups in dependency order, as the generated tests have them.
    const generated = parse(await readFile(join(dir, 'prometheus/tests/api.test.yml'), 'utf8')) as { group_eval_order: string[] };
    await writeFile(file, toYaml({ ...suite, group_eval_order: generated.group_eval_order }));
    const run = await testRules(file);
    expect(run.output).toContain('SUCCESS');
    expect(run.code, run.output).toBe(0);
  });
});
