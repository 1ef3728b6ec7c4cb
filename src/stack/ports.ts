/**
 * Where the stack's servers listen: Alertmanager and the blackbox exporter where the
 * generated prometheus.yml looks for them (the config's `prometheus.alertmanagers` and
 * `probes.prober`), when that is this machine; otherwise on their default ports.
 */
import type { Model } from '../model/slo.ts';
import type { Ports } from './servers.ts';

export const DEFAULT_PORTS: Ports = { prometheus: 9090, alertmanager: 9093, blackbox: 9115 };

const THIS_MACHINE = new Set(['127.0.0.1', 'localhost', '[::1]', '0.0.0.0']);

export interface StackPorts {
  readonly ports: Ports;
  /** Addresses the generated files point at where the stack runs nothing: other machines, or a second local port. */
  readonly elsewhere: readonly string[];
}

export function stackPorts(model: Model, prometheusPort: number): StackPorts {
  const elsewhere: string[] = [];
  const pick = (addresses: readonly string[], fallback: number) => {
    const local = addresses.map(localPort).find((port) => port !== undefined);
    elsewhere.push(...addresses.filter((address) => local === undefined || localPort(address) !== local));
    return local ?? fallback;
  };
  const probers = model.services.flatMap((service) => (service.probes ? [service.probes.prober] : []));
  return {
    ports: {
      prometheus: prometheusPort,
      alertmanager: pick(model.routing ? model.prometheus.alertmanagers : [], DEFAULT_PORTS.alertmanager),
      blackbox: pick([...new Set(probers)], DEFAULT_PORTS.blackbox),
    },
    elsewhere,
  };
}

function localPort(address: string): number | undefined {
  const match = /^(.*):(\d+)$/.exec(address);
  return match && THIS_MACHINE.has(match[1]!) ? Number(match[2]) : undefined;
}
