/**
 * The backtest's private Prometheus: a temporary directory on this machine that the
 * replayed levels are backfilled into with promtool, served on a free 127.0.0.1 port and
 * restarted after each level so its queries see the blocks just made.
 */
import { join } from 'node:path';
import { prometheusClient, type PrometheusClient } from '../prometheus-api/client.ts';
import { backfillOpenMetrics, startHistoryServer, type HistoryServer } from '../stack/history-server.ts';

export class LocalPrometheus {
  private server: HistoryServer | undefined;

  /** `lookback`: seconds an instant read looks back for a sample, the replay's grid step. */
  constructor(
    private readonly dir: string,
    private readonly lookback: number,
    private readonly blockSeconds: number,
  ) {}

  /** Backfills an OpenMetrics file as new blocks; takes effect at the next start. */
  async add(file: string): Promise<void> {
    await backfillOpenMetrics(file, join(this.dir, 'data'), Math.max(2, Math.ceil(this.blockSeconds / 7200) * 2));
  }

  /** (Re)starts the server on the blocks added so far. */
  async start(timeoutMs: number): Promise<PrometheusClient> {
    await this.stop();
    this.server = await startHistoryServer(this.dir, { name: 'the backtest\'s Prometheus', lookbackSeconds: this.lookback });
    return prometheusClient({ url: this.server.url, timeoutMs });
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }
}
