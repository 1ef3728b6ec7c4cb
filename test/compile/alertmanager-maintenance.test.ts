/**
 * Maintenance windows in alertmanager.yml and the AlertmanagerConfig: the time intervals as
 * written, `amtool check-config` accepting them, and a real Alertmanager muting exactly the
 * alerts each window covers (webhook deliveries to a receiver this test runs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { validateConfig } from '../../src/config/validate.ts';
import { render } from '../../src/render.ts';
import { freePort, startServer, stopServer } from '../../src/stack/servers.ts';
import { run } from '../support/promtool.ts';
import { ensureTools } from '../support/tools.ts';

const ratio = { ratio: { errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' } };
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function config(webhook: string, now: Date, kubernetes = false) {
  const minute = Math.floor(now.getTime() / 60_000) * 60_000;
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return {
    alertmanager: {
      severities: { critical: { receiver: 'hook', groupWait: '1s', groupInterval: '1s' }, warning: { receiver: 'hook', groupWait: '1s', groupInterval: '1s' } },
      receivers: { hook: { webhook: { url: webhook } } },
      defaultReceiver: 'hook',
    },
    ...(kubernetes ? { kubernetes: { namespace: 'monitoring' } } : {}),
    services: [
      {
        name: 'shop',
        // Active now, for everything of the service but its burn-rate alerts.
        maintenance: [{ name: 'shop-deploy', start: iso(minute - 3_600_000), end: iso(minute + 3_600_000), muteBurnRateAlerts: false }],
        slos: [{ name: 'availability', objective: 99.9, sli: ratio }],
      },
      {
        name: 'web',
        slos: [
          // Active all of today (UTC), for this SLO alone, its burn-rate alerts too.
          { name: 'latency', objective: 99, sli: ratio, maintenance: [{ name: 'web-drill', weekly: { days: [WEEKDAYS[now.getUTCDay()]], start: '00:00', end: '24:00' } }] },
          { name: 'availability', objective: 99.9, sli: ratio },
        ],
      },
    ],
  };
}

function files(value: unknown): Map<string, string> {
  return new Map([...render(validateConfig(value, 'slo.config.json'))].map((f) => [f.path, f.content]));
}

describe('maintenance windows in the Alertmanager configuration', () => {
  // A fixed instant for the written form: 2026-11-30T23:20Z, so the one-off runs over a UTC midnight.
  const fixed = files(config('http://127.0.0.1:9/hook', new Date(Date.UTC(2026, 10, 30, 23, 20, 30)), true));

  it('writes each window as a named time interval: a one-off cut at UTC midnight, a weekly slot on its days', () => {
    const am = parse(fixed.get('alertmanager/alertmanager.yml')!);
    expect(am.time_intervals).toEqual([
      {
        name: 'shop-deploy',
        time_intervals: [
          { times: [{ start_time: '22:20', end_time: '24:00' }], days_of_month: ['30'], months: ['11'], years: ['2026'] },
          { times: [{ start_time: '00:00', end_time: '00:20' }], days_of_month: ['1'], months: ['12'], years: ['2026'] },
        ],
      },
      { name: 'web-drill', time_intervals: [{ times: [{ start_time: '00:00', end_time: '24:00' }], weekdays: ['monday'] }] },
    ]);
  });

  it('mutes through child routes of every severity route, most specific first, and after them for alerts of no severity', () => {
    const am = parse(fixed.get('alertmanager/alertmanager.yml')!);
    const muting = [
      { matchers: ['service="shop"', 'long_window=~".+"'] },
      { matchers: ['service="shop"'], mute_time_intervals: ['shop-deploy'] },
      { matchers: ['service="web"', 'slo="latency"', 'long_window=~".+"'], mute_time_intervals: ['web-drill'] },
      { matchers: ['service="web"', 'slo="latency"'], mute_time_intervals: ['web-drill'] },
    ];
    const sorted = (routes: { matchers: string[] }[]) => [...routes].sort((a, b) => a.matchers.join().localeCompare(b.matchers.join()));
    expect(am.route.routes.map((r: { matchers: string[] }) => r.matchers)).toEqual([['severity="critical"'], ['severity="warning"'], ...muting.map((r) => r.matchers)]);
    expect(sorted(am.route.routes[0].routes)).toEqual(sorted(muting));
    // An SLO's own routes come before its service's, so the first that matches lists every window that covers it.
    const web = am.route.routes[0].routes.findIndex((r: { matchers: string[] }) => r.matchers.includes('slo="latency"'));
    expect(am.route.routes[0].routes[web].matchers).toContain('long_window=~".+"');
  });

  it('writes the same intervals and routes into the AlertmanagerConfig, in its spelling', () => {
    const [resource] = parseAllDocuments(fixed.get('kubernetes/alertmanager-config.yaml')!).map((d) => d.toJS());
    expect(resource.spec.muteTimeIntervals[0]).toEqual({
      name: 'shop-deploy',
      timeIntervals: [
        { times: [{ startTime: '22:20', endTime: '24:00' }], daysOfMonth: [{ start: 30, end: 30 }], months: ['11'], years: ['2026'] },
        { times: [{ startTime: '00:00', endTime: '00:20' }], daysOfMonth: [{ start: 1, end: 1 }], months: ['12'], years: ['2026'] },
      ],
    });
    expect(resource.spec.route.routes[0].routes[1]).toEqual({ matchers: [{ name: 'service', value: 'shop', matchType: '=' }], muteTimeIntervals: ['shop-deploy'] });
  });

  it('joins the whole days of a long one-off into one run per month and keeps a zone as the location', () => {
    const long = files({
      ...config('http://127.0.0.1:9/hook', new Date()),
      services: [
        {
          name: 'shop',
          maintenance: [{ name: 'migration', start: '2026-10-30T12:00:00Z', end: '2026-11-03T06:30:00Z' }],
          slos: [{ name: 'availability', objective: 99.9, sli: ratio }],
        },
        {
          name: 'web',
          maintenance: [{ name: 'nightly', weekly: { days: ['saturday', 'sunday'], start: '01:00', end: '03:00', timezone: 'Europe/Berlin' } }],
          slos: [{ name: 'availability', objective: 99.9, sli: ratio }],
        },
      ],
    });
    const am = parse(long.get('alertmanager/alertmanager.yml')!);
    expect(am.time_intervals).toEqual([
      {
        name: 'migration',
        time_intervals: [
          { times: [{ start_time: '12:00', end_time: '24:00' }], days_of_month: ['30'], months: ['10'], years: ['2026'] },
          { days_of_month: ['31'], months: ['10'], years: ['2026'] },
          { days_of_month: ['1:2'], months: ['11'], years: ['2026'] },
          { times: [{ start_time: '00:00', end_time: '06:30' }], days_of_month: ['3'], months: ['11'], years: ['2026'] },
        ],
      },
      { name: 'nightly', time_intervals: [{ times: [{ start_time: '01:00', end_time: '03:00' }], weekdays: ['saturday', 'sunday'], location: 'Europe/Berlin' }] },
    ]);
  });

  it('leaves a config without windows as it was: no time_intervals, no child routes', () => {
    const plain = config('http://127.0.0.1:9/hook', new Date());
    const am = parse(files({ ...plain, services: [{ name: 'shop', slos: [{ name: 'availability', objective: 99.9, sli: ratio }] }] }).get('alertmanager/alertmanager.yml')!);
    expect(am).not.toHaveProperty('time_intervals');
    expect(am.route.routes.every((r: object) => !('routes' in r))).toBe(true);
  });
});

describe('a real Alertmanager with the generated configuration', () => {
  let work: string;
  let alertmanager: ChildProcess;
  let hook: Server;
  let url: string;
  const delivered: Record<string, string>[] = [];

  beforeAll(async () => {
    ensureTools(['amtool', 'prometheus-alertmanager']);
    work = await mkdtemp(join(tmpdir(), 'sloforge-am-maintenance-'));
    const hookPort = await freePort();
    hook = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        for (const alert of (JSON.parse(body) as { alerts: { labels: Record<string, string> }[] }).alerts) delivered.push(alert.labels);
        response.end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(hookPort, '127.0.0.1', resolve));
    const generated = files(config(`http://127.0.0.1:${hookPort}/hook`, new Date()));
    await writeFile(join(work, 'alertmanager.yml'), generated.get('alertmanager/alertmanager.yml')!);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const args = [`--config.file=${join(work, 'alertmanager.yml')}`, `--storage.path=${join(work, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=error'];
    alertmanager = await startServer({ name: 'Alertmanager', command: 'prometheus-alertmanager', args, url, readyPath: '/-/ready' });
  }, 60_000);

  afterAll(async () => {
    if (alertmanager) await stopServer(alertmanager);
    if (hook) await new Promise((resolve) => hook.close(resolve));
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('passes `amtool check-config`', async () => {
    const check = await run('amtool', ['check-config', join(work, 'alertmanager.yml')]);
    expect(check.output).toContain('SUCCESS');
    expect(check.code, check.output).toBe(0);
  });

  it('delivers the alerts no window covers and none that one does', async () => {
    const burn = { alertname: 'ErrorBudgetBurn', long_window: '1h', short_window: '5m', severity: 'critical' };
    const alerts = {
      'shop burn rate (its window leaves burn-rate alerts alone)': { ...burn, service: 'shop', slo: 'availability' },
      'web/availability burn rate (no window)': { ...burn, service: 'web', slo: 'availability' },
      'web threshold alert (no window)': { alertname: 'HighMemory', service: 'web', severity: 'warning' },
      'shop no-data alert (muted)': { alertname: 'SLONoData', service: 'shop', slo: 'availability', severity: 'warning' },
      'shop threshold alert (muted)': { alertname: 'HighMemory', service: 'shop', severity: 'critical' },
      'shop alert of no known severity (muted)': { alertname: 'Unrouted', service: 'shop' },
      'web/latency burn rate (muted)': { ...burn, service: 'web', slo: 'latency' },
      'web/latency no-data alert (muted)': { alertname: 'SLONoData', service: 'web', slo: 'latency', severity: 'warning' },
    };
    const response = await fetch(`${url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Object.values(alerts).map((labels) => ({ labels, startsAt: new Date().toISOString() }))),
    });
    expect(response.status).toBe(200);
    const expected = Object.entries(alerts).filter(([what]) => !what.endsWith('(muted)'));
    const key = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).sort());
    for (let waited = 0; delivered.length < expected.length && waited < 20_000; waited += 200) await new Promise((resolve) => setTimeout(resolve, 200));
    // Time for any muted alert to arrive too, were it not muted: the groups flush every second.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect([...new Set(delivered.map(key))].sort()).toEqual(expected.map(([, labels]) => key(labels)).sort());
  }, 40_000);
});
