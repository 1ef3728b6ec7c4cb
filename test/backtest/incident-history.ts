/**
 * Four days of synthetic request counters at 1m resolution with known incidents, written
 * both as OpenMetrics (to backfill a real Prometheus with promtool) and as promtool
 * input_series (so Prometheus' own rule engine evaluates the same samples).
 */
import { writeFile } from 'node:fs/promises';

export const STEP = 60;
/**
 * Midnight UTC eight days ago: a whole day, so every group's evaluations fall on the same
 * minutes in both runs, and recent, so `diff --range 30d` ending now covers it.
 */
export const FIRST = (Math.floor(Date.now() / 86_400_000) - 8) * 86_400;
export const MINUTES = 4 * 24 * 60;
export const LAST = FIRST + MINUTES * STEP;

const minute = (day: number, hour: number, min = 0) => (day * 24 + hour) * 60 + min;

/** Known incidents, in minutes from FIRST: [from, to). */
export const INCIDENTS = {
  /** Every request fails for 30 minutes. */
  outage: [minute(0, 10), minute(0, 10, 30)],
  /** 3.3% errors against a 99% objective, a 3.3× burn, for 36 hours. */
  slowBurn: [minute(1, 0), minute(2, 12)],
  /** 6 requests a minute, one of them failing, for 6 hours. */
  lowTraffic: [minute(3, 2), minute(3, 8)],
  /** No samples at all for an hour. */
  gap: [minute(3, 12), minute(3, 13)],
  /** The separate failure counter counts three times the requests for an hour: a broken SLI, not an outage. */
  brokenSli: [minute(2, 18), minute(2, 19)],
} as const;

const within = (m: number, [from, to]: readonly [number, number]) => m >= from && m < to;

/** Requests in minute m, and how many of them failed. */
export function requestsIn(m: number): { total: number; failed: number } {
  if (within(m, INCIDENTS.outage)) return { total: 600, failed: 600 };
  if (within(m, INCIDENTS.slowBurn)) return { total: 600, failed: 20 };
  if (within(m, INCIDENTS.lowTraffic)) return { total: 6, failed: 1 };
  return { total: 600, failed: 0 };
}

type Counters = Record<keyof typeof SERIES, (number | undefined)[]>;

/** Counter values at each minute 0..MINUTES, undefined where the gap has no sample. */
export function counters(): Counters {
  const values: Counters = { ok: [], failed: [], failures: [] };
  const count = { ok: 0, failed: 0, failures: 0 };
  for (let m = 0; m <= MINUTES; m++) {
    const missing = within(m, INCIDENTS.gap);
    for (const key of KEYS) values[key].push(missing ? undefined : count[key]);
    const { total, failed: bad } = requestsIn(m);
    count.ok += total - bad;
    count.failed += bad;
    count.failures += within(m, INCIDENTS.brokenSli) ? 3 * total : bad;
  }
  return values;
}

/** The request counter by status code, and a failure counter of its own (which a second SLO reads against the requests). */
export const SERIES = { ok: 'http_requests_total{code="200"}', failed: 'http_requests_total{code="500"}', failures: 'http_failures_total' } as const;
const KEYS = ['ok', 'failed', 'failures'] as const;

export async function writeOpenMetrics(file: string): Promise<void> {
  const values = counters();
  const lines: string[] = [];
  for (const key of KEYS) {
    if (key !== 'failed') lines.push(`# TYPE ${key === 'ok' ? 'http_requests' : 'http_failures'} counter`);
    values[key].forEach((value, m) => {
      if (value !== undefined) lines.push(`${SERIES[key]} ${value} ${FIRST + m * STEP}`);
    });
  }
  lines.push('# EOF');
  await writeFile(file, `${lines.join('\n')}\n`);
}

/** promtool's input_series: one value per minute from time 0, `_` where there is no sample. */
export function inputSeries(): { series: string; values: string }[] {
  const values = counters();
  return KEYS.map((key) => ({ series: SERIES[key], values: values[key].map((v) => (v === undefined ? '_' : String(v))).join(' ') }));
}
