/** A real Alertmanager on a free 127.0.0.1 port, running a generated tree's alertmanager.yml as `sloforge stack` would. */
import type { ChildProcess } from 'node:child_process';
import { freePort, stackServers, startServer } from '../../src/stack/servers.ts';

export async function startGeneratedAlertmanager(generated: string, data: string, port?: number): Promise<{ child: ChildProcess; url: string }> {
  const ports = { prometheus: await freePort(), alertmanager: port ?? (await freePort()), blackbox: await freePort() };
  const server = stackServers(generated, data, ports).find((s) => s.name === 'Alertmanager')!;
  return { child: await startServer(server), url: server.url };
}
