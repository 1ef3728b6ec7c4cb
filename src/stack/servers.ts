/**
 * Prometheus, Alertmanager and the blackbox exporter (Debian's binaries) started on
 * generated files, bound to 127.0.0.1 only. `sloforge stack` uses it to let a user
 * look at the result; the end-to-end test uses it with free ports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { OUTPUT } from '../model/conventions.ts';

export interface Ports {
  readonly prometheus: number;
  readonly alertmanager: number;
  readonly blackbox: number;
}

export interface Stack {
  readonly urls: { readonly prometheus: string; readonly alertmanager?: string; readonly blackbox?: string };
  stop(): Promise<void>;
}

export interface Server {
  readonly name: string;
  readonly command: string;
  readonly args: string[];
  readonly url: string;
  readonly readyPath: string;
  /** Sent with the readiness check, e.g. the credentials of a server behind basic auth. */
  readonly readyHeaders?: Readonly<Record<string, string>>;
}

/** Enough history for `sloforge report` on a quarter (92 days) and the month before it; Prometheus keeps 15d by default. */
export const STACK_RETENTION = '124d';

/** The servers the generated tree has files for: Prometheus always, the others when configured. */
export function stackServers(generated: string, dataDir: string, ports: Ports): Server[] {
  const url = (port: number) => `http://127.0.0.1:${port}`;
  const servers: Server[] = [];
  const blackbox = join(generated, OUTPUT.blackboxConfig);
  if (existsSync(blackbox)) {
    servers.push({
      name: 'blackbox exporter',
      command: 'prometheus-blackbox-exporter',
      args: [`--config.file=${blackbox}`, `--web.listen-address=127.0.0.1:${ports.blackbox}`],
      url: url(ports.blackbox),
      readyPath: '/metrics',
    });
  }
  const alertmanager = join(generated, OUTPUT.alertmanagerConfig);
  if (existsSync(alertmanager)) {
    servers.push({
      name: 'Alertmanager',
      command: 'prometheus-alertmanager',
      args: [`--config.file=${alertmanager}`, `--storage.path=${join(dataDir, 'alertmanager')}`, `--web.listen-address=127.0.0.1:${ports.alertmanager}`, '--cluster.listen-address='],
      url: url(ports.alertmanager),
      readyPath: '/-/ready',
    });
  }
  servers.push({
    name: 'Prometheus',
    command: 'prometheus',
    args: [`--config.file=${join(generated, OUTPUT.prometheusConfig)}`, `--storage.tsdb.path=${join(dataDir, 'prometheus')}`, `--storage.tsdb.retention.time=${STACK_RETENTION}`, `--web.listen-address=127.0.0.1:${ports.prometheus}`],
    url: url(ports.prometheus),
    readyPath: '/-/ready',
  });
  return servers;
}

export async function startStack(generated: string, dataDir: string, ports: Ports, log: (line: string) => void = () => {}): Promise<Stack> {
  await mkdir(dataDir, { recursive: true });
  const running: ChildProcess[] = [];
  const stop = () => Promise.all(running.map((child) => stopServer(child))).then(() => {});
  const urls: Record<string, string> = {};
  try {
    for (const server of stackServers(generated, dataDir, ports)) {
      running.push(await startServer(server));
      log(`${server.name} is up at ${server.url}`);
      urls[server.name] = server.url;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    urls: { prometheus: urls['Prometheus']!, alertmanager: urls['Alertmanager'], blackbox: urls['blackbox exporter'] },
    stop,
  };
}

/** Starts one server and waits until it answers on its ready path; fails with its output if it does not. */
export async function startServer(server: Server, readyWithin = 30_000): Promise<ChildProcess> {
  // Otherwise a server already on the port would answer the readiness check for ours.
  const port = Number(new URL(server.url).port);
  if (!(await portIsFree(port))) throw new Error(`${server.name}: port ${port} on 127.0.0.1 is already in use`);
  const output: string[] = [];
  const child = spawn(server.command, server.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // The last lines only: a server that runs for days must not fill memory with its log.
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', keep);
  try {
    await waitUntilReady(server, child, output, readyWithin);
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return child;
}

/** How long a server may take to shut down after SIGTERM (Prometheus writes its WAL) before it is killed. */
const STOP_WITHIN_MS = 15_000;

/**
 * SIGTERM, then SIGKILL if the server has not exited in time; or SIGKILL at once, for a
 * server whose state is thrown away. Resolves once it has exited.
 */
export function stopServer(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = signal === 'SIGTERM' ? setTimeout(() => child.kill('SIGKILL'), STOP_WITHIN_MS) : undefined;
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill(signal);
  });
}

/**
 * A port on 127.0.0.1 nothing uses at the moment, below the kernel's ephemeral range:
 * between this call and the server's start, the kernel hands ports of that range to
 * every outgoing connection and every listen on port 0 (other tests' scrapes, remote
 * writes and servers), and one of them could take a port chosen there. Never the same
 * port twice in one process.
 */
export async function freePort(): Promise<number> {
  const below = await firstEphemeralPort();
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = FIRST_CHOSEN_PORT + Math.floor(Math.random() * (below - FIRST_CHOSEN_PORT));
    if (handedOut.has(port)) continue;
    // Taken before the check, so that concurrent calls never agree on one; a busy one stays skipped.
    handedOut.add(port);
    if (await portIsFree(port)) return port;
  }
  throw new Error(`no free port on 127.0.0.1 from ${FIRST_CHOSEN_PORT} to ${below - 1}`);
}
/** Above the ports servers are known by (Prometheus 9090, Alertmanager 9093, …). */
const FIRST_CHOSEN_PORT = 20_000;
const handedOut = new Set<number>();

/** The bottom of Linux's ephemeral port range (its default where the file cannot be read), read once. */
function firstEphemeralPort(): Promise<number> {
  ephemeralLow ??= readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
    .catch(() => '32768 60999')
    .then((range) => {
      const low = Number(range.trim().split(/\s+/)[0]);
      return Number.isInteger(low) && low > FIRST_CHOSEN_PORT + 1000 ? low : 32_768;
    });
  return ephemeralLow;
}
let ephemeralLow: Promise<number> | undefined;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function waitUntilReady(server: Server, child: ChildProcess, output: string[], within: number): Promise<void> {
  const spawnError = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`${server.name} (${server.command}) could not start: ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`${server.name} exited with ${code}:\n${output.join('').slice(-2000)}`)));
  });
  spawnError.catch(() => {}); // an exit after start-up is stop()'s business, not an unhandled rejection
  const deadline = Date.now() + within;
  const ready = (async () => {
    while (Date.now() < deadline) {
      const ok = await fetch(`${server.url}${server.readyPath}`, { headers: server.readyHeaders }).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${server.name} was not ready at ${server.url} within ${within / 1000}s:\n${output.join('').slice(-2000)}`);
  })();
  await Promise.race([ready, spawnError]);
}
