/**
 * Issue 19: a metric's own `service` (or `slo`) label, grouped by or selected on, beside
 * sloforge's identity labels of the same names. The base rules carry the metric's label as
 * `exported_service`; sloforge's `service` stays the config's. Generated and run in the
 * real promtool: `check rules`, the generated tests, and a hand-written outage whose
 * firing alert must carry both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generateInto } from '../support/generate.ts';
import { promtool, testRules } from '../support/promtool.ts';
import { toYaml } from '../../src/output/serialize.ts';

const PAGE_ONLY = { fastPage: { for: '0s' }, slowPage: false, fastTicket: false, slowTicket: false } as const;

const config = {
  services: [
    {
      name: 'pyrra',
      slos: [
        {
          // Pyrra's pyrra-connect-errors: grouped by the metric's service and method.
          name: 'connect-errors',
          objective: 99,
          period: '7d',
          sli: {
            ratio: {
              errors: 'connect_server_requests_total{job="pyrra",code=~"aborted|unavailable|internal|unknown|unimplemented|dataloss"}',
              total: 'connect_server_requests_total{job="pyrra"}',
              groupBy: ['service', 'method'],
            },
          },
          alerting: { tiers: PAGE_ONLY },
        },
        {
          // A histogram grouped by the metric's slo label: the SLIBroken check's bucket query reads it back from exported_slo.
          name: 'latency-by-slo',
          objective: 99,
          period: '7d',
          sli: { latency: { histogram: 'grpc_duration_seconds{job="grpc"}', threshold: '250ms', groupBy: ['slo'] } },
          alerting: { tiers: PAGE_ONLY },
        },
      ],
    },
    {
      name: 'nginx',
      slos: [
        {
          // nginx's example: one upstream, selected by the metric's own service label.
          name: 'lastfm',
          objective: 99.5,
          period: '7d',
          sli: { ratio: { errors: 'nginx_http_requests_total{service="lastfm",status=~"5.."}', total: 'nginx_http_requests_total{service="lastfm"}' } },
          alerting: { tiers: PAGE_ONLY },
        },
      ],
    },
  ],
};

/** A counter growing by `perMinute` each minute for 30 minutes. */
const counter = (perMinute: number) => `0+${perMinute}x30`;

const outage = {
  rule_files: ['rules/pyrra.yml', 'rules/nginx.yml'],
  evaluation_interval: '1m',
  tests: [
    {
      name: "a full outage of the metric's service lastfm pages with sloforge's service and the metric's as exported_service",
      interval: '1m',
      input_series: [
        { series: 'connect_server_requests_total{job="pyrra",service="lastfm",method="Get",code="unavailable"}', values: counter(100) },
        { series: 'connect_server_requests_total{job="pyrra",service="lastfm",method="Get",code="ok"}', values: '0+0x30' },
        // Another group of the metric's service, healthy: no alert.
        { series: 'connect_server_requests_total{job="pyrra",service="spotify",method="Get",code="ok"}', values: counter(100) },
        { series: 'nginx_http_requests_total{service="lastfm",status="503"}', values: counter(50) },
        { series: 'nginx_http_requests_total{service="lastfm",status="200"}', values: counter(50) },
        // Another upstream's failures are not the lastfm SLO's.
        { series: 'nginx_http_requests_total{service="deezer",status="503"}', values: counter(1000) },
      ],
      promql_expr_test: [
        {
          expr: 'slo:sli_error:ratio_rate5m{slo="connect-errors"}',
          eval_time: '20m',
          exp_samples: [
            { labels: 'slo:sli_error:ratio_rate5m{service="pyrra",slo="connect-errors",exported_service="lastfm",method="Get"}', value: 1 },
            { labels: 'slo:sli_error:ratio_rate5m{service="pyrra",slo="connect-errors",exported_service="spotify",method="Get"}', value: 0 },
          ],
        },
        { expr: 'slo:sli_error:ratio_rate5m{slo="lastfm"}', eval_time: '20m', exp_samples: [{ labels: 'slo:sli_error:ratio_rate5m{service="nginx",slo="lastfm"}', value: 0.5 }] },
      ],
      alert_rule_test: [
        {
          eval_time: '20m',
          alertname: 'ErrorBudgetBurn',
          exp_alerts: [
            {
              exp_labels: { service: 'pyrra', slo: 'connect-errors', exported_service: 'lastfm', method: 'Get', severity: 'critical', long_window: '1h', short_window: '5m' },
              exp_annotations: {
                summary: 'pyrra/connect-errors (exported_service=lastfm, method=Get) is burning its error budget 3.36x too fast',
                description:
                  'The error ratio over the last 1h is 100.00x what the 99% objective allows; this alert fires above 3.36x over 1h and 5m, which spends 2% of the 7d error budget in 1h. Error budget left: -9900.0%.',
                burn_rate: '100.00',
                budget_left: '-9900.0%',
              },
            },
            {
              exp_labels: { service: 'nginx', slo: 'lastfm', severity: 'critical', long_window: '1h', short_window: '5m' },
              exp_annotations: {
                summary: 'nginx/lastfm is burning its error budget 3.36x too fast',
                description:
                  'The error ratio over the last 1h is 100.00x what the 99.5% objective allows; this alert fires above 3.36x over 1h and 5m, which spends 2% of the 7d error budget in 1h. Error budget left: -9900.0%.',
                burn_rate: '100.00',
                budget_left: '-9900.0%',
              },
            },
          ],
        },
      ],
    },
    {
      name: "a histogram of the metric's slo checkout without the threshold's bucket raises SLIBroken for exported_slo checkout, listing that group's buckets",
      interval: '1m',
      input_series: [
        ...['0.1', '0.5', '+Inf'].map((le) => ({ series: `grpc_duration_seconds_bucket{job="grpc",slo="checkout",le="${le}"}`, values: counter(600) })),
        { series: 'grpc_duration_seconds_count{job="grpc",slo="checkout"}', values: counter(600) },
        // Another group's buckets are not listed.
        ...['0.25', '+Inf'].map((le) => ({ series: `grpc_duration_seconds_bucket{job="grpc",slo="search",le="${le}"}`, values: counter(60) })),
        { series: 'grpc_duration_seconds_count{job="grpc",slo="search"}', values: counter(60) },
      ],
      alert_rule_test: [
        {
          eval_time: '12m',
          alertname: 'SLIBroken',
          exp_alerts: [
            {
              exp_labels: { service: 'pyrra', slo: 'latency-by-slo', exported_slo: 'checkout', severity: 'warning' },
              exp_annotations: {
                summary: 'pyrra/latency-by-slo (exported_slo=checkout) has no histogram bucket at its 0.25s latency threshold',
                description:
                  'The histogram `grpc_duration_seconds{job="grpc"}` has no bucket le="0.25" in 1 of its series: their count is there but not the bucket at the threshold, so the SLI cannot tell fast requests from slow ones. Its buckets are 0.1, 0.5. ' +
                  "Set the SLO's latency threshold to one of them, or give the histogram a 0.25 bucket. Until it is fixed that data counts as no errors, so the burn-rate alerts cannot page for it.",
              },
            },
          ],
        },
      ],
    },
  ],
};

describe("a metric's own service and slo labels beside sloforge's", () => {
  let dir: string;
  let configDir: string;
  beforeAll(async () => {
    configDir = await mkdtemp(join(tmpdir(), 'sloforge-service-label-'));
    const file = join(configDir, 'slo.config.json');
    await writeFile(file, JSON.stringify(config));
    dir = (await generateInto(file)).dir;
  });
  afterAll(async () => {
    await rm(configDir, { recursive: true, force: true });
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('promtool accepts the rules, and the base rules record the metric label as exported_service beside the rule label service', async () => {
    const run = await promtool(['check', 'rules', join(dir, 'prometheus/rules/pyrra.yml'), join(dir, 'prometheus/rules/nginx.yml')]);
    expect(run.code, run.output).toBe(0);
    const rules = await readFile(join(dir, 'prometheus/rules/pyrra.yml'), 'utf8');
    expect(rules).toContain('label_replace(sum by (service, method) (60 * irate(connect_server_requests_total{job="pyrra"}[2m:1m])), "exported_service", "$1", "service", "(.*)")');
    expect(rules).toContain('"exported_slo", "$1", "slo", "(.*)"');
    // The selector on raw series keeps the metric's label as written.
    expect(await readFile(join(dir, 'prometheus/rules/nginx.yml'), 'utf8')).toContain('nginx_http_requests_total{service="lastfm",status=~"5.."}');
  });

  it("the dashboard's variable, the alerts' summary and SUMMARY.md name the group label exported_service, SUMMARY.md saying whose it is", async () => {
    expect(await readFile(join(dir, 'SUMMARY.md'), 'utf8')).toContain("- Per `exported_service` (the metrics' own `service`), `method`: each value combination has its own SLI");
    const dashboard = await readFile(join(dir, 'grafana/dashboards/slo-pyrra.json'), 'utf8');
    expect(dashboard).toContain('exported_service=~\\"$exported_service\\"');
    expect(dashboard).toContain('"name": "exported_service"');
  });

  it('the generated tests of both services pass', async () => {
    for (const service of ['pyrra', 'nginx']) {
      const run = await testRules(join(dir, `prometheus/tests/${service}.test.yml`));
      expect(run.output).toContain('SUCCESS');
      expect(run.code, run.output).toBe(0);
    }
  }, 600_000);

  it("an outage of one group fires an alert carrying sloforge's service and the metric's exported_service; another upstream's errors count for no SLO; SLIBroken reads the group's own buckets", async () => {
    const file = join(dir, 'prometheus/metric-service-label.test.yml');
    const generated = parse(await readFile(join(dir, 'prometheus/tests/pyrra.test.yml'), 'utf8')) as { group_eval_order: string[] };
    const nginx = parse(await readFile(join(dir, 'prometheus/tests/nginx.test.yml'), 'utf8')) as { group_eval_order: string[] };
    await writeFile(file, toYaml({ ...outage, group_eval_order: [...generated.group_eval_order, ...nginx.group_eval_order] }));
    const run = await testRules(file);
    expect(run.output).toContain('SUCCESS');
    expect(run.code, run.output).toBe(0);
  });
});
