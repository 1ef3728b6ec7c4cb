/**
 * A service's scrape job: a ServiceMonitor where the config names the Kubernetes Service
 * to select, a ScrapeConfig for static or file targets otherwise. Credentials are Secret
 * key references; kubernetes-to-model.ts made sure each file has one.
 */
import type { Kubernetes, ServiceMonitorTarget } from '../../model/kubernetes.ts';
import { KUBERNETES_OUTPUT, OBJECT_NAME } from '../../model/kubernetes-names.ts';
import type { Model, Scrape, Service } from '../../model/slo.ts';
import type { Artifact } from '../artifact.ts';
import { API_VERSION, metadata } from './metadata.ts';

export function scrapeFiles(model: Model, kubernetes: Kubernetes): Artifact[] {
  const scraped = model.services.filter((service): service is Service & { scrape: Scrape } => service.scrape !== undefined);
  const monitored = scraped.filter((service) => service.name in kubernetes.serviceMonitors);
  const configs = scraped.filter((service) => !(service.name in kubernetes.serviceMonitors));
  return [
    ...(configs.length ? [{ path: KUBERNETES_OUTPUT.scrapeConfigs, format: 'yaml-stream' as const, data: configs.map((s) => scrapeConfig(kubernetes, s)) }] : []),
    ...(monitored.length ? [{ path: KUBERNETES_OUTPUT.serviceMonitors, format: 'yaml-stream' as const, data: monitored.map((s) => serviceMonitor(kubernetes, s, kubernetes.serviceMonitors[s.name]!)) }] : []),
  ];
}

function scrapeConfig(kubernetes: Kubernetes, service: Service & { scrape: Scrape }) {
  const { scrape } = service;
  const labels = Object.keys(scrape.labels).length ? { labels: scrape.labels } : {};
  return {
    apiVersion: API_VERSION.monitoringAlpha,
    kind: 'ScrapeConfig',
    metadata: metadata(kubernetes, 'scrapeConfigs', OBJECT_NAME.scrape(service.name)),
    spec: {
      jobName: scrape.job,
      ...(scrape.interval ? { scrapeInterval: scrape.interval.text } : {}),
      ...(scrape.timeout ? { scrapeTimeout: scrape.timeout.text } : {}),
      metricsPath: scrape.metricsPath,
      scheme: scrape.scheme,
      ...credentials(scrape),
      ...(scrape.targets.length ? { staticConfigs: [{ targets: scrape.targets, ...labels }] } : {}),
      ...(scrape.fileSd.length ? { fileSDConfigs: [{ files: scrape.fileSd }] } : {}),
      ...(scrape.fileSd.length && Object.keys(scrape.labels).length ? { relabelings: labelRelabelings(scrape.labels) } : {}),
    },
  };
}

/**
 * A ServiceMonitor's job label would be the Kubernetes Service's name; the SLIs select
 * the config's job, so a relabeling sets it.
 */
function serviceMonitor(kubernetes: Kubernetes, service: Service & { scrape: Scrape }, target: ServiceMonitorTarget) {
  const { scrape } = service;
  return {
    apiVersion: API_VERSION.monitoring,
    kind: 'ServiceMonitor',
    metadata: metadata(kubernetes, 'serviceMonitors', OBJECT_NAME.scrape(service.name)),
    spec: {
      selector: { matchLabels: target.selector },
      ...(target.namespaces.length ? { namespaceSelector: { matchNames: target.namespaces } } : {}),
      endpoints: [
        {
          port: target.port,
          path: scrape.metricsPath,
          scheme: scrape.scheme,
          ...(scrape.interval ? { interval: scrape.interval.text } : {}),
          ...(scrape.timeout ? { scrapeTimeout: scrape.timeout.text } : {}),
          ...credentials(scrape),
          relabelings: [{ action: 'replace', targetLabel: 'job', replacement: scrape.job }, ...labelRelabelings(scrape.labels)],
        },
      ],
    },
  };
}

function labelRelabelings(labels: Scrape['labels']) {
  return Object.entries(labels).map(([name, value]) => ({ action: 'replace', targetLabel: name, replacement: value }));
}

function credentials(scrape: Scrape) {
  const tls = scrape.tls;
  return {
    ...(tls
      ? {
          tlsConfig: {
            ...(tls.caSecret ? { ca: { secret: tls.caSecret } } : {}),
            ...(tls.certSecret ? { cert: { secret: tls.certSecret } } : {}),
            ...(tls.keySecret ? { keySecret: tls.keySecret } : {}),
            ...(tls.serverName ? { serverName: tls.serverName } : {}),
          },
        }
      : {}),
    ...(scrape.basicAuth?.usernameSecret && scrape.basicAuth.passwordSecret ? { basicAuth: { username: scrape.basicAuth.usernameSecret, password: scrape.basicAuth.passwordSecret } } : {}),
    ...(scrape.bearerTokenSecret ? { authorization: { type: 'Bearer', credentials: scrape.bearerTokenSecret } } : {}),
  };
}
