/**
 * `sloforge report` through the CLI against a real Prometheus backfilled with two calendar
 * months of synthetic traffic (synthetic-history.ts): every figure equals the one computed
 * from the synthetic minutes themselves, in UTC and in Europe/Berlin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { backfillOpenMetrics, startHistoryServer, type HistoryServer } from '../../src/stack/history-server.ts';
import { freePort } from '../../src/stack/servers.ts';
import { ensureTools } from '../support/tools.ts';
import { readHtml } from '../support/html-structure.ts';
import { startCachingProxy, type CachingProxy } from '../support/caching-proxy.ts';
import { FIRING, inMaintainedWindows, inRequestsWindow, MAINTENANCE, regionCounts, REGIONS, requestCounts, UPSTREAMS, STEP, uptimeMinutes, writeHistory } from './synthetic-history.ts';

type Region = (typeof REGIONS)[number];

const GUIDE_CREDITS = [
  { below: 99.5, creditPercent: 10 },
  { below: 99, creditPercent: 25 },
  { below: 98, creditPercent: 50 },
];
const OBJECTIVE = 99.9;
const SLA_OBJECTIVE = 99.5;

type Policy = 'ignore' | 'bad' | 'good';
const uptimeSlo = (name: string, target: string, missingData: Policy = 'ignore') => ({
  name,
  objective: OBJECTIVE,
  alerting: false,
  sli: { uptime: { gauge: `probe_success{target="${target}"}` } },
  sla: { objective: SLA_OBJECTIVE, credits: GUIDE_CREDITS, missingData },
});

const requestsSlo = (name: string) => ({
  name,
  objective: OBJECTIVE,
  alerting: false,
  sli: { ratio: { errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' } },
  sla: { objective: SLA_OBJECTIVE, credits: GUIDE_CREDITS },
});

const config = (timezone?: string) => ({
  ...(timezone ? { sla: { timezone } } : {}),
  services: [
    {
      name: 'shop',
      slos: [
        uptimeSlo('outage220', 'outage220'),
        uptimeSlo('tier25', 'tier25'),
        uptimeSlo('tier50', 'tier50'),
        uptimeSlo('midnight', 'midnight'),
        uptimeSlo('gap-ignore', 'gap', 'ignore'),
        uptimeSlo('gap-bad', 'gap', 'bad'),
        uptimeSlo('gap-good', 'gap', 'good'),
        { ...uptimeSlo('maintained', 'maintained'), maintenance: [MAINTENANCE.weekly, MAINTENANCE.once] },
        { ...requestsSlo('requests-maintained'), maintenance: [MAINTENANCE.requests] },
        {
          name: 'regions',
          objective: OBJECTIVE,
          alerting: false,
          sli: { ratio: { errors: 'queries_total{status="error"}', total: 'queries_total', groupBy: ['region'] } },
          sla: { objective: SLA_OBJECTIVE, credits: GUIDE_CREDITS },
        },
        {
          name: 'upstreams',
          objective: OBJECTIVE,
          alerting: false,
          sli: { ratio: { errors: 'queries_total{status="error"}', total: 'queries_total', groupBy: ['service'] } },
          sla: { objective: SLA_OBJECTIVE, credits: GUIDE_CREDITS },
        },
        {
          name: 'requests',
          objective: OBJECTIVE,
          alerting: false,
          sli: { ratio: { errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' } },
          sla: { objective: SLA_OBJECTIVE, credits: GUIDE_CREDITS },
        },
      ],
    },
  ],
});

/** The months' bounds written out, not computed: Berlin is UTC+2 until 25 October, UTC+1 after. */
const MONTHS = {
  UTC: { '2026-10': ['2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z'], '2026-11': ['2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z'] },
  'Europe/Berlin': { '2026-10': ['2026-09-30T22:00:00Z', '2026-10-31T23:00:00Z'], '2026-11': ['2026-10-31T23:00:00Z', '2026-11-30T23:00:00Z'] },
} as const;
type Zone = keyof typeof MONTHS;
type Month = keyof (typeof MONTHS)['UTC'];

const GAUGES: Record<string, { target: string; policy: Policy }> = {
  outage220: { target: 'outage220', policy: 'ignore' },
  tier25: { target: 'tier25', policy: 'ignore' },
  tier50: { target: 'tier50', policy: 'ignore' },
  midnight: { target: 'midnight', policy: 'ignore' },
  'gap-ignore': { target: 'gap', policy: 'ignore' },
  'gap-bad': { target: 'gap', policy: 'bad' },
  'gap-good': { target: 'gap', policy: 'good' },
  maintained: { target: 'maintained', policy: 'ignore' },
};

/** The minutes each SLO's maintenance windows leave out, by the synthetic data's own reckoning. */
const EXCLUDED: Record<string, (t: number) => boolean> = { maintained: inMaintainedWindows, 'requests-maintained': inRequestsWindow };

/** The guide's table: 10% for 99-99.5%, 25% for 98-99%, 50% below 98%. */
const guideCredit = (sliPercent: number) => (sliPercent < 98 ? 50 : sliPercent < 99 ? 25 : sliPercent < 99.5 ? 10 : 0);

function expected(slo: string, zone: Zone, month: Month, region?: Region) {
  const [startIso, endIso] = MONTHS[zone][month];
  const start = Date.parse(startIso) / 1000;
  const end = Date.parse(endIso) / 1000;
  const figures = figuresOver(slo, start, end, region);
  const worstDays = localDays(zone, start, end)
    .map((day) => ({ date: day.date, start: day.start, ...figuresOver(slo, day.start, day.end, region) }))
    .filter((day) => day.badSeconds > 1e-9)
    .sort((a, b) => b.badSeconds - a.badSeconds || a.start - b.start)
    .slice(0, 5);
  return { ...figures, worstDays, start: startIso, end: endIso };
}

/** Every figure of [start, end) from the synthetic minutes, outside the SLO's maintenance. */
function figuresOver(slo: string, start: number, end: number, region?: Region) {
  const excluded = EXCLUDED[slo] ?? (() => false);
  let maintenanceSeconds = 0;
  for (let t = start; t < end; t += STEP) if (excluded(t)) maintenanceSeconds += STEP;
  const seconds = end - start - maintenanceSeconds;
  let sli: number;
  let coverage = 1;
  if (slo === 'regions' || slo === 'upstreams') {
    const { total, failed } = regionCounts(region!, start, end);
    sli = 1 - failed / total;
  } else if (slo.startsWith('requests')) {
    const { total, failed } = requestCounts(start, end, excluded);
    sli = 1 - failed / total;
  } else {
    const { target, policy } = GAUGES[slo]!;
    const { up, down, missing } = uptimeMinutes(target, start, end, excluded);
    coverage = (up + down) / (up + down + missing);
    const measured = up / (up + down);
    sli = policy === 'bad' ? up / (up + down + missing) : policy === 'good' ? (up + missing) / (up + down + missing) : measured;
  }
  return { sliPercent: sli * 100, budgetSpent: (1 - sli) / (1 - OBJECTIVE / 100), badSeconds: seconds * (1 - sli), maintenanceSeconds, dataCoverage: coverage, met: sli * 100 >= SLA_OBJECTIVE, creditPercent: guideCredit(sli * 100) };
}

/** The local days of [start, end): in Berlin, midnight is 22:00Z up to 25 October and 23:00Z from 26 October. */
function localDays(zone: Zone, start: number, end: number): { date: string; start: number; end: number }[] {
  const midnight = (wall: number) => wall / 1000 - (zone === 'UTC' ? 0 : wall <= Date.UTC(2026, 9, 25) ? 7200 : 3600);
  const days = [];
  for (let wall = Date.UTC(2026, 8, 1); midnight(wall) < end; wall += 86_400_000) {
    const from = midnight(wall);
    if (from >= start) days.push({ date: new Date(wall).toISOString().slice(0, 10), start: from, end: midnight(wall + 86_400_000) });
  }
  return days;
}

/** The FIRING table summed by alert and severity, for the periods it falls in (all of it on 10 November). */
function expectedAlerts(slo: string, zone: Zone, month: Month) {
  const [start, end] = MONTHS[zone][month].map((iso) => Date.parse(iso) / 1000) as [number, number];
  if (slo !== 'outage220') return [];
  const totals = new Map<string, { alertname: string; severity: string; firings: number; firingMinutes: number }>();
  for (const firing of FIRING.filter((f) => f.from >= start && f.to <= end)) {
    const key = `${firing.labels.alertname} ${firing.labels.severity}`;
    const total = totals.get(key) ?? { alertname: firing.labels.alertname, severity: firing.labels.severity, firings: 0, firingMinutes: 0 };
    totals.set(key, { ...total, firings: total.firings + 1, firingMinutes: total.firingMinutes + (firing.to - firing.from) / 60 });
  }
  return [...totals.values()].sort((a, b) => b.firingMinutes - a.firingMinutes);
}

let work: string;
let prometheus: HistoryServer;
let proxy: CachingProxy | undefined;
let url: string;
const files: Record<Zone, string> = { UTC: '', 'Europe/Berlin': '' };

beforeAll(async () => {
  ensureTools(['prometheus', 'promtool']);
  work = await mkdtemp(join(tmpdir(), 'sloforge-report-'));
  await writeHistory(join(work, 'history.om'));
  await backfillOpenMetrics(join(work, 'history.om'), join(work, 'data'), 1458);
  files.UTC = join(work, 'utc.json');
  files['Europe/Berlin'] = join(work, 'berlin.json');
  await writeFile(files.UTC, JSON.stringify(config()));
  await writeFile(files['Europe/Berlin'], JSON.stringify(config('Europe/Berlin')));
  prometheus = await startHistoryServer(work);
  // The history never changes, and the same month is reported in several formats: each of
  // the server's answers is computed once (Prometheus' queries were most of this file's CPU).
  proxy = await startCachingProxy(prometheus.url);
  url = proxy.url;
}, 120_000);

afterAll(async () => {
  if (proxy) console.log(`monthly-report: ${proxy.stats.hits} of ${proxy.stats.hits + proxy.stats.misses} Prometheus requests answered from the proxy's memory`);
  await proxy?.close();
  await prometheus?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

async function report(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['report', ...args], { write: (s: string) => ((stdout += s), true) }, { write: (s: string) => ((stderr += s), true) });
  return { code, stdout, stderr };
}

interface JsonReport {
  period: { kind: string; label: string; start: string; end: string; timezone: string };
  slos: { service: string; slo: string; group?: Record<string, string>; worstDays: { date: string; start: string; end: string; sliPercent: number; badSeconds: number }[]; days: { date: string; toDateSliPercent: number }[]; alerts: { alertname: string; severity: string; firings: number; firingMinutes: number }[]; sliPercent: number; objectivePercent: number; budgetSpent: number; badSeconds: number; maintenanceSeconds: number; dataCoverage: number; sla?: { objectivePercent: number; met: boolean; creditPercent: number } }[];
}

/** One run per config and month: the report is read-only, so the describe blocks share it. */
const reports = new Map<string, Promise<JsonReport>>();
function jsonReport(zone: Zone, month: Month): Promise<JsonReport> {
  const key = `${zone} ${month}`;
  if (!reports.has(key)) reports.set(key, runJsonReport(zone, month));
  return reports.get(key)!;
}

async function runJsonReport(zone: Zone, month: Month): Promise<JsonReport> {
  const run = await report(['--config', files[zone], '--prometheus', url, '--month', month, '--format', 'json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as JsonReport;
}

describe.each([
  ['UTC', '2026-10'],
  ['UTC', '2026-11'],
  ['Europe/Berlin', '2026-10'],
  ['Europe/Berlin', '2026-11'],
] as const)('the report for %s %s', (zone, month) => {
  it('covers exactly the calendar month and gives every figure the synthetic minutes give', async () => {
    const result = await jsonReport(zone, month);
    const [start, end] = MONTHS[zone][month];
    expect(result.period).toEqual({ kind: 'month', label: month, start, end, timezone: zone });
    for (const entry of result.slos) {
      const region = entry.group?.region ?? REGIONS.find((r) => UPSTREAMS[r] === entry.group?.exported_service);
      const want = expected(entry.slo, zone, month, region as Region | undefined);
      expect(entry.service).toBe('shop');
      expect(entry.objectivePercent).toBe(OBJECTIVE);
      expect(entry.sliPercent, entry.slo).toBeCloseTo(want.sliPercent, 9);
      expect(entry.budgetSpent, entry.slo).toBeCloseTo(want.budgetSpent, 6);
      expect(entry.badSeconds, entry.slo).toBeCloseTo(want.badSeconds, 3);
      expect(entry.dataCoverage, entry.slo).toBeCloseTo(want.dataCoverage, 9);
      expect(entry.maintenanceSeconds, entry.slo).toBe(want.maintenanceSeconds);
      // Every local day has its course point, and the last one's SLI to date is the month's.
      expect(entry.days.map((d) => d.date), entry.slo).toEqual(localDays(zone, Date.parse(start) / 1000, Date.parse(end) / 1000).map((d) => d.date));
      expect(entry.days.at(-1)!.toDateSliPercent, entry.slo).toBeCloseTo(want.sliPercent, 6);
      expect(entry.worstDays.map((d) => d.date), entry.slo).toEqual(want.worstDays.map((d) => d.date));
      entry.worstDays.forEach((day, i) => {
        expect(day.start, entry.slo).toBe(new Date(want.worstDays[i]!.start * 1000).toISOString().replace('.000Z', 'Z'));
        expect(day.badSeconds, `${entry.slo} ${day.date}`).toBeCloseTo(want.worstDays[i]!.badSeconds, 3);
        expect(day.sliPercent, `${entry.slo} ${day.date}`).toBeCloseTo(want.worstDays[i]!.sliPercent, 9);
      });
      expect(entry.alerts, entry.slo).toEqual(expectedAlerts(entry.slo, zone, month));
      expect(entry.sla, entry.slo).toEqual({ objectivePercent: SLA_OBJECTIVE, met: want.met, creditPercent: want.creditPercent, missingData: GAUGES[entry.slo]?.policy ?? 'ignore' });
    }
    expect(result.slos.map((s) => s.slo).sort()).toEqual(['gap-bad', 'gap-good', 'gap-ignore', 'maintained', 'midnight', 'outage220', 'regions', 'regions', 'requests', 'requests-maintained', 'tier25', 'tier50', 'upstreams', 'upstreams']);
    expect(result.slos.filter((s) => s.slo === 'regions').map((s) => s.group)).toEqual([{ region: 'eu' }, { region: 'us' }]);
    // Grouped by the metric's own service label: reported by exported_service, as its alerts are labelled.
    expect(result.slos.filter((s) => s.slo === 'upstreams').map((s) => s.group)).toEqual([{ exported_service: 'search-eu' }, { exported_service: 'search-us' }]);
  });
});

describe('the incidents land where the calendar puts them', () => {
  const entry = async (zone: Zone, month: Month, slo: string) => (await jsonReport(zone, month)).slos.find((s) => s.slo === slo)!;

  it('220 minutes down meet 99.5% over October\'s 31 days and breach it over November\'s 30, owing the first tier', async () => {
    expect(await entry('UTC', '2026-10', 'outage220')).toMatchObject({ badSeconds: 13200, sla: { met: true, creditPercent: 0 } });
    expect(await entry('UTC', '2026-11', 'outage220')).toMatchObject({ badSeconds: 13200, sla: { met: false, creditPercent: 10 } });
  });

  it('600 minutes owe the 25% tier and 1000 minutes the 50% tier', async () => {
    expect((await entry('UTC', '2026-11', 'tier25')).sla).toMatchObject({ met: false, creditPercent: 25 });
    expect((await entry('UTC', '2026-11', 'tier50')).sla).toMatchObject({ met: false, creditPercent: 50 });
  });

  it('an outage across Berlin\'s midnight is all October in UTC and half November in Berlin', async () => {
    expect((await entry('UTC', '2026-10', 'midnight')).badSeconds).toBe(2400);
    expect((await entry('UTC', '2026-11', 'midnight')).badSeconds).toBe(0);
    expect((await entry('Europe/Berlin', '2026-10', 'midnight')).badSeconds).toBe(1200);
    expect((await entry('Europe/Berlin', '2026-11', 'midnight')).badSeconds).toBe(1200);
  });

  it('maintenance leaves the SLA\'s denominator: 300 minutes down in the rest of November owe 10%, not the 50% the deploys\' downtime would', async () => {
    // Five Sunday deploys of 2 hours and a 4-hour one-off whose outage and gap count for nothing.
    const maintained = await entry('UTC', '2026-11', 'maintained');
    expect(maintained).toMatchObject({ maintenanceSeconds: 840 * 60, badSeconds: 300 * 60, dataCoverage: 1, sla: { met: false, creditPercent: 10 } });
    expect(maintained.sliPercent).toBeCloseTo(100 * (1 - 300 / (43200 - 840)), 9);
    // 25 October, when Berlin's clocks go back: 02:00-04:00 lasts three hours.
    expect((await entry('UTC', '2026-10', 'maintained')).maintenanceSeconds).toBe((3 * 120 + 180) * 60);
    expect((await entry('Europe/Berlin', '2026-10', 'maintained')).maintenanceSeconds).toBe((3 * 120 + 180) * 60);
  });

  it('maintenance leaves the events of its hour out of a request SLI', async () => {
    const requests = await entry('UTC', '2026-11', 'requests');
    const maintained = await entry('UTC', '2026-11', 'requests-maintained');
    // The window holds the first hour of the 90-minute 5xx incident: 240 of 600 requests a minute failed.
    expect(maintained.maintenanceSeconds).toBe(3600);
    expect(maintained.sliPercent).toBeGreaterThan(requests.sliPercent);
  });

  it('a 5-hour gap is reported as coverage, and counts as bad or good time as the policy says', async () => {
    const coverage = 1 - 300 / 43200;
    const ignore = await entry('UTC', '2026-11', 'gap-ignore');
    const bad = await entry('UTC', '2026-11', 'gap-bad');
    const good = await entry('UTC', '2026-11', 'gap-good');
    expect(ignore.dataCoverage).toBeCloseTo(coverage, 12);
    expect(ignore.sliPercent).toBeCloseTo(100 * (1 - 100 / 42900), 9);
    expect(bad.badSeconds).toBeCloseTo(400 * 60, 3);
    expect(good.badSeconds).toBeCloseTo(100 * 60, 3);
    expect(bad.sla).toMatchObject({ met: false, creditPercent: 10 });
    expect(good.sla).toMatchObject({ met: true, creditPercent: 0 });
  });
});

describe('the other formats and periods', () => {
  it('writes the same figures as text and as a markdown table', async () => {
    const text = await report(['--config', files.UTC, '--prometheus', url, '--month', '2026-11']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('SLO report for month 2026-11 in UTC: 2026-11-01T00:00:00Z to 2026-12-01T00:00:00Z');
    expect(text.stdout).toMatch(/shop\/outage220\n {2}SLI: {14}99\.491% \(objective 99\.9%\)\n(.*\n){3} {2}SLA: {14}99\.5% BREACHED \(missing data counts as neither\)\n {2}credit owed: {6}10%\n/);
    const markdown = await report(['--config', files.UTC, '--prometheus', url, '--month', '2026-11', '--format', 'markdown']);
    expect(markdown.stdout).toContain('| shop/outage220 | 99.491% | 99.9% | 509.259% | 220 min | 100% | 99.5% **breached** | 10% |');
    expect(markdown.stdout).toContain('| shop/gap-bad | 99.074% | 99.9% | 925.926% | 400 min | 99.306% | 99.5% **breached** | 10% |');
    expect(text.stdout).toContain('  worst day:        2026-11-10: 220 min bad (SLI 84.722%)\n  alert:            ErrorBudgetBurn (warning) fired 1×, 210 min in all\n  alert:            ErrorBudgetBurn (critical) fired 2×, 125 min in all\n');
    expect(text.stdout).toContain('shop/regions{region="eu"}\n');
    expect(markdown.stdout).toContain('| shop/upstreams{exported_service="search-us"} | 2026-11-20 | 98% | 28.8 min |');
    expect(markdown.stdout).toContain('| shop/outage220 | ErrorBudgetBurn | critical | 2 | 125 min |');
    expect(markdown.stdout).toContain('| shop/regions{region="us"} | 2026-11-20 | 98% | 28.8 min |');
  });

  it('writes one well-formed, self-contained HTML page with a chart per SLO', async () => {
    const run = await report(['--config', files.UTC, '--prometheus', url, '--month', '2026-11', '--format', 'html']);
    expect(run.code).toBe(0);
    const { elements, problems } = readHtml(run.stdout);
    expect(problems).toEqual([]);
    expect(elements.filter((e) => e === 'svg')).toHaveLength(14);
    expect(run.stdout).toContain('<tr><td>shop/outage220</td><td>99.491%</td><td>99.9%</td><td>509.259%</td><td>220 min</td><td>100%</td><td>—</td><td><span class="breached">99.5% breached</span></td><td>10%</td></tr>');
    expect(run.stdout).not.toMatch(/<script|\ssrc=|\shref=|url\(/);
  });

  it('reports a quarter without judging monthly SLAs on it', async () => {
    const run = await report(['--config', files.UTC, '--prometheus', url, '--quarter', '2026-Q4', '--format', 'json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as JsonReport;
    expect(result.period).toMatchObject({ kind: 'quarter', label: '2026-Q4', start: '2026-10-01T00:00:00Z', end: '2027-01-01T00:00:00Z' });
    expect(result.slos.every((s) => s.sla === undefined)).toBe(true);
  });

  it.each([[['--month', '2026-11', '--quarter', '2026-Q4']], [[]]])('wants exactly one of --month and --quarter (%j)', async (flags) => {
    const run = await report(['--config', files.UTC, '--prometheus', url, ...flags]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('give one of --month YYYY-MM or --quarter YYYY-Qn');
  });
});

describe('the report refuses to invent numbers', () => {
  it('says a month without data has none, naming the SLOs, and exits 1', async () => {
    const run = await report(['--config', files.UTC, '--prometheus', url, '--month', '2026-05']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Prometheus has no data in 2026-05 for services[shop].slos[gap-bad]');
  });

  it('names an unreachable server and exits 1', async () => {
    const run = await report(['--config', files.UTC, '--prometheus', `http://127.0.0.1:${await freePort()}`, '--month', '2026-11']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^sloforge report: cannot reach http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query: connection refused/);
  });

  it('names an HTTP error and exits 1', async () => {
    const run = await report(['--config', files.UTC, '--prometheus', `${url}/not-prometheus`, '--month', '2026-11']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('answered HTTP 404');
    expect(run.stdout).toBe('');
  });

  it.each(['2026-13', '2026-1', 'november', '2026-11-01'])('refuses --month %s as a usage error (exit 2)', async (month) => {
    const run = await report(['--config', files.UTC, '--prometheus', url, '--month', month]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--month must be a calendar month YYYY-MM, such as 2026-11, got "${month}"`);
  });
});
