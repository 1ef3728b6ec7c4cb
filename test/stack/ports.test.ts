import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.ts';
import { stackPorts } from '../../src/stack/ports.ts';

const alertmanager = { severities: { critical: { receiver: 'r' }, warning: { receiver: 'r' } }, receivers: { r: { webhook: { url: 'http://127.0.0.1:9/' } } }, defaultReceiver: 'r' };
const model = (alertmanagers: string[], prober: string) =>
  validateConfig(
    {
      prometheus: { alertmanagers },
      alertmanager,
      services: [{ name: 'api', probes: { prober, endpoints: [{ name: 'health', url: 'http://127.0.0.1:8080/health' }] }, slos: [{ name: 'up', objective: 99, sli: { uptime: { gauge: 'up{job="api"}' } } }] }],
    },
    'test',
  );

describe('the ports of the stack', () => {
  it('puts Alertmanager and the blackbox exporter where the generated files look for them on this machine', () => {
    expect(stackPorts(model(['127.0.0.1:19093'], 'localhost:19115'), 19090)).toEqual({ ports: { prometheus: 19090, alertmanager: 19093, blackbox: 19115 }, elsewhere: [] });
  });

  it('uses the default ports, and names the addresses it does not serve, when the files point at other machines', () => {
    expect(stackPorts(model(['alertmanager.internal:9093', '127.0.0.1:9094'], 'blackbox.internal:9115'), 9090)).toEqual({
      ports: { prometheus: 9090, alertmanager: 9094, blackbox: 9115 },
      elsewhere: ['alertmanager.internal:9093', 'blackbox.internal:9115'],
    });
  });
});
