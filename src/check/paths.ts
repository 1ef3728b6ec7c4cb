/**
 * Config paths of what the check looks at. The model keeps services and SLOs sorted by
 * name, not in config order, so they are named by their (unique) names:
 * `services[checkout].slos[latency].sli.latency.threshold`. Threshold alerts keep their
 * config order: by name where the name is unique in the service, else by index.
 */
import { configPath } from '../config/diagnostics.ts';
import type { Service, Slo } from '../model/slo.ts';

export type Segments = readonly (string | number)[];

export function servicePath(service: Pick<Service, 'name'>, ...rest: Segments): string {
  return `services[${service.name}]${tail(rest)}`;
}

export function sloPath(slo: Pick<Slo, 'service' | 'name'>, ...rest: Segments): string {
  return servicePath({ name: slo.service }, 'slos') + `[${slo.name}]${tail(rest)}`;
}

export function alertPath(service: Service, index: number, ...rest: Segments): string {
  const name = service.alerts[index]!.name;
  const unique = service.alerts.filter((a) => a.name === name).length === 1;
  return servicePath(service, 'alerts') + `[${unique ? name : index}]${tail(rest)}`;
}

function tail(segments: Segments): string {
  if (segments.length === 0) return '';
  const path = configPath(segments);
  return path.startsWith('[') ? path : `.${path}`;
}
