/**
 * Two calendar months (and the days around them) of synthetic traffic at 1m resolution with
 * known incidents, as an OpenMetrics file for `promtool tsdb create-blocks-from openmetrics`,
 * and the figures a report must give, computed from the same minutes without PromQL.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const STEP = 60;
const GAUGE_PHASE = 30;
/** 2026-09-30T00:00Z to 2026-12-01T02:00Z: October and November in UTC and in Berlin, with margins. */
export const FIRST = Date.UTC(2026, 8, 30) / 1000;
export const LAST = Date.UTC(2026, 11, 1, 2) / 1000;

const at = (iso: string) => Date.parse(iso) / 1000;
const minutes = (from: string, count: number): [number, number] => [at(from), at(from) + count * STEP];

/** Minutes in [from, to) a gauge reads 0 (`down`) or has no sample (`gap`). */
export interface Incident {
  readonly from: number;
  readonly to: number;
  readonly kind: 'down' | 'gap';
}

/** One probe_success series per target; each target is one SLO of the test config. */
export const TARGETS: Readonly<Record<string, readonly Incident[]>> = {
  // 220 minutes in October (31 days: 99.507%, meets 99.5%) and 220 in November (30 days: 99.491%, breaches).
  outage220: [
    { kind: 'down', from: minutes('2026-10-14T09:00:00Z', 220)[0], to: minutes('2026-10-14T09:00:00Z', 220)[1] },
    { kind: 'down', from: minutes('2026-11-10T03:00:00Z', 220)[0], to: minutes('2026-11-10T03:00:00Z', 220)[1] },
  ],
  // 600 minutes in November: 98.611%, the 25% tier; 1000 minutes: 97.685%, the 50% tier.
  tier25: [{ kind: 'down', from: at('2026-11-03T00:00:00Z'), to: at('2026-11-03T10:00:00Z') }],
  tier50: [{ kind: 'down', from: at('2026-11-20T12:00:00Z'), to: at('2026-11-20T12:00:00Z') + 1000 * STEP }],
  // 40 minutes across Berlin's midnight into November (23:00Z): all October in UTC, half and half in Berlin.
  midnight: [{ kind: 'down', from: at('2026-10-31T22:40:00Z'), to: at('2026-10-31T23:20:00Z') }],
  // Down 300 minutes outside maintenance in November; inside its one-off window 2 hours down and 1 without data
  // (and down through every weekly window, see gaugeAt): none of that may count.
  maintained: [
    { kind: 'down', from: at('2026-11-12T13:00:00Z'), to: at('2026-11-12T13:00:00Z') + 300 * STEP },
    { kind: 'down', from: at('2026-11-25T11:00:00Z'), to: at('2026-11-25T13:00:00Z') },
    { kind: 'gap', from: at('2026-11-25T13:00:00Z'), to: at('2026-11-25T14:00:00Z') },
  ],
  // 5 hours without data and 100 minutes down in November.
  gap: [
    { kind: 'gap', from: at('2026-11-05T06:00:00Z'), to: at('2026-11-05T11:00:00Z') },
    { kind: 'down', from: at('2026-11-18T08:00:00Z'), to: at('2026-11-18T09:40:00Z') },
  ],
};

/** Requests per minute: 600 by day (08-20 UTC), 60 by night; the 5xx incident falls by day. */
export function requestsAt(t: number): { ok: number; failed: number } {
  const hour = new Date(t * 1000).getUTCHours();
  const total = hour >= 8 && hour < 20 ? 600 : 60;
  const failed = t >= at('2026-11-12T10:00:00Z') && t < at('2026-11-12T11:30:00Z') ? 240 : t >= at('2026-10-20T02:00:00Z') && t < at('2026-10-20T04:00:00Z') ? 30 : 0;
  return { ok: total - failed, failed };
}

/** The maintained SLOs' windows as the test config declares them: Sundays 02:00-04:00 in Berlin, one afternoon, one hour of the 5xx incident. */
export const MAINTENANCE = {
  weekly: { name: 'sunday-deploys', weekly: { days: ['sunday'], start: '02:00', end: '04:00', timezone: 'Europe/Berlin' } },
  once: { name: 'storage-migration', start: '2026-11-25T10:00:00Z', end: '2026-11-25T14:00:00Z' },
  requests: { name: 'database-upgrade', start: '2026-11-12T10:00:00+00:00', end: '2026-11-12T12:00:00+01:00' },
} as const;

const berlinClock = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', weekday: 'long', hour: 'numeric', hourCycle: 'h23' });

/** Whether the minute from t is in a Sunday deploy, read minute by minute from Berlin's wall clock (on 25 October, 02:00-03:00 comes twice). */
export function inSundayDeploy(t: number): boolean {
  const parts = Object.fromEntries(berlinClock.formatToParts(new Date(t * 1000)).map((p) => [p.type, p.value]));
  return parts.weekday === 'Sunday' && (Number(parts.hour) === 2 || Number(parts.hour) === 3);
}

export function inMaintainedWindows(t: number): boolean {
  return inSundayDeploy(t) || (t >= at(MAINTENANCE.once.start) && t < at(MAINTENANCE.once.end));
}

export function inRequestsWindow(t: number): boolean {
  return t >= at(MAINTENANCE.requests.start) && t < at(MAINTENANCE.requests.end);
}

function gaugeAt(target: string, t: number): 0 | 1 | undefined {
  if (target === 'maintained' && inSundayDeploy(t)) return 0;
  const incident = TARGETS[target]!.find((i) => t >= i.from && t < i.to);
  return incident === undefined ? 1 : incident.kind === 'down' ? 0 : undefined;
}

/** Queries per minute by region, for a groupBy SLO: eu 100 (5 failing 00:00-06:00 on 7 November), us 50 (1 failing all 20 November). */
export const REGIONS = ['eu', 'us'] as const;
/** The metric's own `service` label of each region's queries. */
export const UPSTREAMS = { eu: 'search-eu', us: 'search-us' } as const;
export function regionQueriesAt(region: (typeof REGIONS)[number], t: number): { ok: number; error: number } {
  if (region === 'eu') {
    const error = t >= at('2026-11-07T00:00:00Z') && t < at('2026-11-07T06:00:00Z') ? 5 : 0;
    return { ok: 100 - error, error };
  }
  const error = t >= at('2026-11-20T00:00:00Z') && t < at('2026-11-21T00:00:00Z') ? 1 : 0;
  return { ok: 50 - error, error };
}

export function regionCounts(region: (typeof REGIONS)[number], start: number, end: number): { total: number; failed: number } {
  let total = 0;
  let failed = 0;
  for (let t = start; t < end; t += STEP) {
    const minute = regionQueriesAt(region, t);
    total += minute.ok + minute.error;
    failed += minute.error;
  }
  return { total, failed };
}

/** Firing alerts of the outage220 SLO in November: a page twice (115 and 10 minutes), a ticket once (210 minutes). */
export const FIRING = [
  { labels: { alertname: 'ErrorBudgetBurn', severity: 'critical', long_window: '1h', short_window: '5m' }, from: at('2026-11-10T03:05:00Z'), to: at('2026-11-10T05:00:00Z') },
  { labels: { alertname: 'ErrorBudgetBurn', severity: 'critical', long_window: '1h', short_window: '5m' }, from: at('2026-11-10T05:30:00Z'), to: at('2026-11-10T05:40:00Z') },
  { labels: { alertname: 'ErrorBudgetBurn', severity: 'warning', long_window: '6h', short_window: '30m' }, from: at('2026-11-10T03:30:00Z'), to: at('2026-11-10T07:00:00Z') },
] as const;

export async function writeHistory(file: string): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('# TYPE probe_success gauge\n');
  for (const target of Object.keys(TARGETS)) {
    for (let t = FIRST; t <= LAST; t += STEP) {
      const value = gaugeAt(target, t);
      // Scraped half a minute into each minute, as a real scrape falls anywhere in it.
      if (value !== undefined) await write(`probe_success{target="${target}"} ${value} ${t + GAUGE_PHASE}\n`);
    }
  }
  await write('# TYPE http_requests counter\n');
  for (const code of ['200', '500'] as const) {
    let count = 0;
    for (let t = FIRST; t <= LAST; t += STEP) {
      await write(`http_requests_total{code="${code}"} ${count} ${t}\n`);
      const { ok, failed } = requestsAt(t);
      count += code === '200' ? ok : failed;
    }
  }
  await write('# TYPE queries counter\n');
  for (const region of REGIONS) {
    for (const status of ['ok', 'error'] as const) {
      let count = 0;
      for (let t = FIRST; t <= LAST; t += STEP) {
        // The metric's own service label too, which a groupBy SLO reports as exported_service.
        await write(`queries_total{region="${region}",service="${UPSTREAMS[region]}",status="${status}"} ${count} ${t}\n`);
        count += regionQueriesAt(region, t)[status];
      }
    }
  }
  // Alert rules write ALERTS at each evaluation while firing: here every minute, half a minute in, as the gauges.
  await write('# TYPE ALERTS gauge\n');
  const bySeries = new Map<string, (typeof FIRING)[number][]>();
  for (const firing of FIRING) bySeries.set(JSON.stringify(firing.labels), [...(bySeries.get(JSON.stringify(firing.labels)) ?? []), firing]);
  for (const [, firings] of bySeries) {
    const { alertname, severity, long_window, short_window } = firings[0]!.labels;
    const series = `ALERTS{alertname="${alertname}",alertstate="firing",long_window="${long_window}",service="shop",severity="${severity}",short_window="${short_window}",slo="outage220"}`;
    for (const firing of firings) for (let t = firing.from; t < firing.to; t += STEP) await write(`${series} 1 ${t + GAUGE_PHASE}\n`);
  }
  await write('# EOF\n');
  out.end();
  await once(out, 'finish');
}

/** The gauge's minutes in [start, end) outside `excluded`, each read from the one sample in it. */
export function uptimeMinutes(target: string, start: number, end: number, excluded: (t: number) => boolean = () => false): { up: number; down: number; missing: number } {
  const counts = { up: 0, down: 0, missing: 0 };
  for (let t = start; t < end; t += STEP) {
    if (excluded(t)) continue;
    const value = gaugeAt(target, t);
    if (value === 1) counts.up++;
    else if (value === 0) counts.down++;
    else counts.missing++;
  }
  return counts;
}

/** The requests of the minutes in [start, end): the counter's sample at t + 1m holds the minute that starts at t. */
export function requestCounts(start: number, end: number, excluded: (t: number) => boolean = () => false): { total: number; failed: number } {
  let total = 0;
  let failed = 0;
  for (let t = start; t < end; t += STEP) {
    if (excluded(t)) continue;
    const minute = requestsAt(t);
    total += minute.ok + minute.failed;
    failed += minute.failed;
  }
  return { total, failed };
}
