/** `prometheus.yml`: global intervals, the rule files, the Alertmanagers, a scrape job per service and per probe set. */
import type { Model, Probes, Scrape } from '../../model/slo.ts';
import { OUTPUT, PROBE_ENDPOINT_LABEL } from '../../model/conventions.ts';
import type { Artifact } from '../artifact.ts';

export function prometheusConfig(model: Model): Artifact {
  const { prometheus } = model;
  return {
    path: OUTPUT.prometheusConfig,
    format: 'yaml',
    data: {
      global: {
        scrape_interval: prometheus.scrapeInterval.text,
        scrape_timeout: prometheus.scrapeTimeout.text,
        evaluation_interval: prometheus.evaluationInterval.text,
        ...(Object.keys(prometheus.externalLabels).length ? { external_labels: prometheus.externalLabels } : {}),
      },
      rule_files: [OUTPUT.ruleFilesGlob],
      alerting: { alertmanagers: [{ static_configs: [{ targets: prometheus.alertmanagers }] }] },
      scrape_configs: model.services.flatMap((service) => [
        ...(service.scrape ? [scrapeJob(service.scrape)] : []),
        ...(service.probes ? [probeJob(service.probes)] : []),
      ]),
    },
  };
}

function scrapeJob(scrape: Scrape) {
  const labels = Object.keys(scrape.labels).length ? { labels: scrape.labels } : {};
  return {
    job_name: scrape.job,
    ...(scrape.interval ? { scrape_interval: scrape.interval.text } : {}),
    ...(scrape.timeout ? { scrape_timeout: scrape.timeout.text } : {}),
    metrics_path: scrape.metricsPath,
    scheme: scrape.scheme,
    ...(scrape.tls ? { tls_config: { ca_file: scrape.tls.caFile, cert_file: scrape.tls.certFile, key_file: scrape.tls.keyFile, server_name: scrape.tls.serverName } } : {}),
    ...(scrape.basicAuth ? { basic_auth: { username: scrape.basicAuth.username, password_file: scrape.basicAuth.passwordFile } } : {}),
    ...(scrape.bearerTokenFile ? { authorization: { credentials_file: scrape.bearerTokenFile } } : {}),
    ...(scrape.targets.length ? { static_configs: [{ targets: scrape.targets, ...labels }] } : {}),
    ...(scrape.fileSd.length ? { file_sd_configs: [{ files: scrape.fileSd }] } : {}),
    ...(scrape.fileSd.length && Object.keys(scrape.labels).length ? { relabel_configs: Object.entries(scrape.labels).map(([name, value]) => ({ target_label: name, replacement: value })) } : {}),
  };
}

/**
 * The blackbox exporter's multi-target pattern: each URL becomes the `target`
 * parameter and the `instance` label, and the scrape goes to the exporter.
 */
function probeJob(probes: Probes) {
  return {
    job_name: probes.job,
    ...(probes.interval ? { scrape_interval: probes.interval.text } : {}),
    metrics_path: '/probe',
    static_configs: probes.endpoints.map((endpoint) => ({
      targets: [endpoint.url],
      labels: { [PROBE_ENDPOINT_LABEL]: endpoint.name, __param_module: endpoint.module },
    })),
    relabel_configs: [
      { source_labels: ['__address__'], target_label: '__param_target' },
      { source_labels: ['__param_target'], target_label: 'instance' },
      { target_label: '__address__', replacement: probes.prober },
    ],
  };
}
