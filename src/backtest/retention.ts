/** Whether the server still holds the range the backtest reads, by the retention it states. */
import { parseDuration } from '../model/duration.ts';
import type { PrometheusClient } from '../prometheus-api/client.ts';
import { iso } from './time.ts';

/** What the backtest cannot answer from the server's data: a message for the user, exit 1. */
export class BacktestError extends Error {
  override name = 'BacktestError';
}

/** `from`: the first instant the replay reads (the range's start less the alerts' warm-up). */
export async function checkRetention(server: PrometheusClient, from: number, options: { start: number; now: number }): Promise<void> {
  const stated = await server.storageRetention();
  // "15d", "30d or 100GiB", or only a size ("100GiB"): the time part, if any, bounds the history.
  const time = stated.split(/\s+or\s+/).map((part) => parseDuration(part.trim())).find((s) => s !== undefined);
  if (time === undefined) return;
  const oldest = Math.ceil(options.now - time);
  if (from < oldest) {
    const warmUp = options.start - from;
    throw new BacktestError(
      `the server keeps ${stated} of history (from about ${iso(oldest)}), but the backtest reads from ${iso(from)}: the range's start ${iso(options.start)} less ${formatDays(warmUp)} the longest alert window needs before it. Start the range after ${iso(oldest + warmUp)}.`,
    );
  }
}

function formatDays(seconds: number): string {
  const hours = seconds / 3600;
  return hours >= 48 ? `${(hours / 24).toFixed(1).replace(/\.0$/, '')} days` : `${hours.toFixed(1).replace(/\.0$/, '')} hours`;
}
