/** What Prometheus scrapes for a service: its own metrics job and its blackbox probes. */
import type { ProbesConfig, ScrapeConfig } from './types.ts';
import type { DiagnosticList } from './diagnostics.ts';
import { checkLabelNames, checkUnique, sortLabels, window, type Path } from './checks.ts';
import type { Probes, Scrape } from '../model/slo.ts';
import { checkAddress, checkUrl } from './urls.ts';

export function toScrape(service: string, scrape: ScrapeConfig | undefined, path: Path, problems: DiagnosticList): Scrape | undefined {
  if (!scrape) return undefined;
  if (!scrape.targets === !scrape.fileSd) problems.add(path, 'needs exactly one of "targets" (static host:port list) or "fileSd" (files of targets)');
  checkLabelNames(scrape.labels, [...path, 'labels'], problems);
  scrape.targets?.forEach((target, index) => checkAddress(target, [...path, 'targets', index], problems));
  return {
    job: scrape.job ?? service,
    targets: scrape.targets ?? [],
    fileSd: scrape.fileSd ?? [],
    metricsPath: scrape.metricsPath ?? '/metrics',
    scheme: scrape.scheme ?? 'http',
    interval: scrape.interval ? window(scrape.interval) : undefined,
    timeout: scrape.timeout ? window(scrape.timeout) : undefined,
    labels: sortLabels(scrape.labels ?? {}),
    tls: scrape.tls,
    basicAuth: scrape.basicAuth,
    bearerTokenFile: scrape.bearerTokenFile,
    bearerTokenSecret: scrape.bearerTokenSecret,
  };
}

export function toProbes(service: string, probes: ProbesConfig | undefined, path: Path, problems: DiagnosticList): Probes | undefined {
  if (!probes) return undefined;
  checkUnique(probes.endpoints.map((e) => e.name), [...path, 'endpoints'], 'probe endpoint', problems);
  checkAddress(probes.prober, [...path, 'prober'], problems);
  probes.endpoints.forEach((endpoint, index) => checkUrl(endpoint.url, [...path, 'endpoints', index, 'url'], problems));
  return {
    job: probes.job ?? `${service}-probes`,
    prober: probes.prober,
    interval: probes.interval ? window(probes.interval) : undefined,
    endpoints: probes.endpoints.map((endpoint) => ({ name: endpoint.name, url: endpoint.url, module: endpoint.module ?? probes.module ?? 'http_2xx' })),
  };
}
