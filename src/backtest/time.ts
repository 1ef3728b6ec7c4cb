/** Times as the backtest reads and writes them: RFC 3339 in UTC, and the CLI's --start/--end/--range. */
import { parseDuration } from '../model/duration.ts';

export function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** An RFC 3339 time with a zone (`2026-11-20T00:00:00Z`, `…+01:00`) in Unix seconds, or undefined. */
export function parseTime(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

export interface BacktestRange {
  readonly start: number;
  readonly end: number;
}

/** --start/--end or --range (ending now, at a whole minute), or the usage error that says what is wrong. */
export function backtestRange(flags: { start?: string | undefined; end?: string | undefined; range?: string | undefined }, now: number): BacktestRange | string {
  if (flags.range !== undefined) {
    if (flags.start !== undefined || flags.end !== undefined) return 'give either --range or --start and --end, not both';
    const seconds = parseDuration(flags.range);
    if (seconds === undefined) return `--range must be a duration such as 7d or 30d, got "${flags.range}"`;
    const end = Math.floor(now / 60) * 60;
    return { start: end - seconds, end };
  }
  if (flags.start === undefined || flags.end === undefined) return 'give --start and --end (RFC 3339 times such as 2026-11-01T00:00:00Z), or --range such as 30d';
  const start = parseTime(flags.start);
  const end = parseTime(flags.end);
  if (start === undefined) return `--start must be an RFC 3339 time such as 2026-11-01T00:00:00Z, got "${flags.start}"`;
  if (end === undefined) return `--end must be an RFC 3339 time such as 2026-11-30T00:00:00Z, got "${flags.end}"`;
  if (start >= end) return `--start (${iso(start)}) must be before --end (${iso(end)})`;
  if (end > now) return `--end (${iso(end)}) is in the future: a backtest reads only history`;
  return { start, end };
}
