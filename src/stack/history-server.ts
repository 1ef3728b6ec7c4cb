/**
 * A Prometheus serving history that promtool backfilled from OpenMetrics (Debian's
 * binaries, a free 127.0.0.1 port, a directory of the caller's): the backtest's private
 * server, and the report, backtest and bench tests' histories. No scrapes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, startServer, stopServer } from './servers.ts';

export interface HistoryServer {
  readonly url: string;
  stop(): Promise<void>;
}

export interface HistoryServerOptions {
  /** Shown in messages. */
  readonly name?: string;
  /** Seconds an instant read looks back for a sample (Prometheus' default: 5m). */
  readonly lookbackSeconds?: number;
  /** query.max-samples, e.g. to make it refuse big queries. */
  readonly maxSamples?: number;
  readonly readyWithinMs?: number;
  /** How far back blocks are kept (default a century): a test shortens it to see a range refused. */
  readonly retention?: string;
}

/** Writes the OpenMetrics file into `dataDir` as blocks of at most `maxBlockHours` (an even number of hours). */
export async function backfillOpenMetrics(file: string, dataDir: string, maxBlockHours: number): Promise<void> {
  const { code, output } = await runTool('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', `--max-block-duration=${maxBlockHours}h`, file, dataDir]);
  if (code !== 0) throw new Error(`promtool could not backfill ${file}:\n${output.slice(-2000)}`);
}

/** Serves the blocks in `dir`/data, with an empty prometheus.yml written in `dir`. */
export async function startHistoryServer(dir: string, options: HistoryServerOptions = {}): Promise<HistoryServer> {
  const config = join(dir, 'prometheus.yml');
  await writeFile(config, 'global: {}\n');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    `--config.file=${config}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--storage.tsdb.retention.time=${options.retention ?? '36500d'}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=error',
    ...(options.lookbackSeconds !== undefined ? [`--query.lookback-delta=${options.lookbackSeconds}s`] : []),
    ...(options.maxSamples !== undefined ? [`--query.max-samples=${options.maxSamples}`] : []),
  ];
  const child: ChildProcess = await startServer({ name: options.name ?? 'Prometheus', command: 'prometheus', args, url, readyPath: '/-/ready' }, options.readyWithinMs ?? 120_000);
  return { url, stop: () => stopServer(child) };
}

function runTool(command: string, args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-10_000)));
    child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-10_000)));
    child.on('error', (error) => reject(new Error(`${command} could not start (${error.message}): it needs Prometheus' promtool and prometheus on PATH (Debian: apt-get install prometheus)`)));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}
