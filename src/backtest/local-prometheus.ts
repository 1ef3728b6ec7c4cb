/**
 * The backtest's private Prometheus: a temporary directory on this machine that the
 * replayed levels are backfilled into with promtool, served on a free 127.0.0.1 port and
 * restarted after each level so its queries see the blocks just made.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { prometheusClient, type PrometheusClient } from '../prometheus-api/client.ts';
import { freePort, startServer, stopServer } from '../stack/servers.ts';

export class LocalPrometheus {
  private child: ChildProcess | undefined;

  /** `lookback`: seconds an instant read looks back for a sample, the replay's grid step. */
  constructor(
    private readonly dir: string,
    private readonly lookback: number,
    private readonly blockSeconds: number,
  ) {}

  /** Backfills an OpenMetrics file as new blocks; takes effect at the next start. */
  async add(file: string): Promise<void> {
    const hours = Math.max(2, Math.ceil(this.blockSeconds / 7200) * 2);
    const { code, output } = await runTool('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', `--max-block-duration=${hours}h`, file, join(this.dir, 'data')]);
    if (code !== 0) throw new Error(`promtool could not backfill the replayed series:\n${output.slice(-2000)}`);
  }

  /** (Re)starts the server on the blocks added so far. */
  async start(timeoutMs: number): Promise<PrometheusClient> {
    await this.stop();
    const config = join(this.dir, 'prometheus.yml');
    await writeFile(config, 'global: {}\n');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const args = [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(this.dir, 'data')}`,
      '--storage.tsdb.retention.time=36500d',
      `--query.lookback-delta=${this.lookback}s`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=error',
    ];
    this.child = await startServer({ name: 'the backtest\'s Prometheus', command: 'prometheus', args, url, readyPath: '/-/ready' }, 120_000);
    return prometheusClient({ url, timeoutMs });
  }

  async stop(): Promise<void> {
    if (this.child) await stopServer(this.child);
    this.child = undefined;
  }
}

function runTool(command: string, args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-10_000)));
    child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-10_000)));
    child.on('error', (error) => reject(new Error(`${command} could not start (${error.message}): the backtest needs Prometheus' promtool and prometheus on PATH (Debian: apt-get install prometheus)`)));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}
