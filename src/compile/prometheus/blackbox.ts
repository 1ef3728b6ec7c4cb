/** The blackbox exporter's `blackbox.yml`, with the modules the probes use. */
import type { Model, ProbeModule } from '../../model/slo.ts';
import { OUTPUT } from '../../model/conventions.ts';
import type { Artifact } from '../artifact.ts';

const MODULES: Record<ProbeModule, object> = {
  // 2xx only: a 503 from /ready is a failed probe.
  http_2xx: { prober: 'http', timeout: '5s', http: { method: 'GET', preferred_ip_protocol: 'ip4', follow_redirects: true } },
  tcp_connect: { prober: 'tcp', timeout: '5s', tcp: { preferred_ip_protocol: 'ip4' } },
};

export function blackboxConfig(model: Model): Artifact[] {
  const used = new Set(model.services.flatMap((s) => s.probes?.endpoints.map((e) => e.module) ?? []));
  if (used.size === 0) return [];
  return [
    {
      path: OUTPUT.blackboxConfig,
      format: 'yaml',
      data: { modules: Object.fromEntries([...used].sort().map((module) => [module, MODULES[module]])) },
    },
  ];
}
