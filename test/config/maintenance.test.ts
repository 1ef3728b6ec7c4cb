import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.ts';
import { configProblems } from '../support/config-problems.ts';

const ratio = { ratio: { errors: 'http_requests_total{job="api",code=~"5.."}', total: 'http_requests_total{job="api"}' } };

const config = (windows: { top?: unknown[]; service?: unknown[]; slo?: unknown[] }, extra: Record<string, unknown> = {}) => ({
  ...(windows.top ? { maintenance: windows.top } : {}),
  ...extra,
  services: [
    {
      name: 'api',
      ...(windows.service ? { maintenance: windows.service } : {}),
      slos: [
        { name: 'availability', objective: 99.9, sli: ratio, ...(windows.slo ? { maintenance: windows.slo } : {}) },
        { name: 'other', objective: 99, sli: ratio },
      ],
    },
    { name: 'web', slos: [{ name: 'availability', objective: 99.9, sli: ratio }] },
  ],
});

const problems = (config: unknown) => configProblems(config);

const once = (name: string, start: string, end: string) => ({ name, start, end });
const weekly = (name: string, days: string[], start: string, end: string, timezone?: string) => ({ name, weekly: { days, start, end, ...(timezone ? { timezone } : {}) } });

describe('maintenance windows', () => {
  it('are normalized: one-off instants in Unix seconds, weekly slots in minutes of the day, burn-rate alerts muted by default', () => {
    const model = validateConfig(
      config({
        top: [{ ...weekly('deploys', ['tuesday', 'thursday'], '06:00', '06:30', 'Europe/Berlin'), services: ['api', 'web'] }],
        service: [{ ...once('migration', '2026-11-15T03:00:00+01:00', '2026-11-15T04:00:00+01:00'), muteBurnRateAlerts: false }],
        slo: [weekly('drill', ['sunday'], '23:00', '24:00')],
      }),
      'slo.config.yaml',
    );
    const api = model.services.find((s) => s.name === 'api')!;
    expect(api.maintenance).toEqual([
      { name: 'deploys', description: undefined, muteBurnRateAlerts: true, schedule: { kind: 'weekly', days: ['tuesday', 'thursday'], startMinute: 360, endMinute: 390, timezone: 'Europe/Berlin' } },
      { name: 'migration', description: undefined, muteBurnRateAlerts: false, schedule: { kind: 'once', start: Date.UTC(2026, 10, 15, 2) / 1000, end: Date.UTC(2026, 10, 15, 3) / 1000 } },
    ]);
    expect(api.slos.find((s) => s.name === 'availability')!.maintenance).toEqual([{ name: 'drill', description: undefined, muteBurnRateAlerts: true, schedule: { kind: 'weekly', days: ['sunday'], startMinute: 1380, endMinute: 1440, timezone: 'UTC' } }]);
    expect(api.slos.find((s) => s.name === 'other')).not.toHaveProperty('maintenance');
    expect(model.services.find((s) => s.name === 'web')!.maintenance?.map((w) => w.name)).toEqual(['deploys']);
  });

  it('leaves a config without any as it was: no maintenance key in the model', () => {
    const model = validateConfig(config({}), 'slo.config.yaml');
    expect(model.services[0]).not.toHaveProperty('maintenance');
    expect(model.services[0]!.slos[0]).not.toHaveProperty('maintenance');
  });

  it.each([
    [{ service: [once('m', '2026-11-15T04:00:00Z', '2026-11-15T02:00:00Z')] }, 'services[api].maintenance[m].end: must be after start ("2026-11-15T04:00:00Z"); got "2026-11-15T02:00:00Z"'],
    [{ service: [once('m', '2026-11-15T04:00:00Z', '2026-11-15T04:00:00Z')] }, 'services[api].maintenance[m].end: must be after start'],
    [{ service: [weekly('m', ['monday'], '23:00', '01:00')] }, 'services[api].maintenance[m].weekly.end: must be after weekly.start ("23:00") on the same day; a slot across midnight is two windows'],
    [{ service: [once('m', '2026-02-30T02:00:00Z', '2026-03-01T02:00:00Z')] }, 'services[api].maintenance[m].start: must be an RFC 3339 date-time with an offset, such as "2026-11-15T02:00:00Z" or "2026-11-15T03:00:00+01:00"; got "2026-02-30T02:00:00Z"'],
    [{ service: [once('m', '2026-11-15 02:00', '2026-11-15T03:00:00Z')] }, 'services[api].maintenance[m].start: must be an RFC 3339 date-time'],
    [{ service: [once('m', '2026-11-15T02:00:00', '2026-11-15T03:00:00Z')] }, 'services[api].maintenance[m].start: must be an RFC 3339 date-time'],
    [{ service: [once('m', '2026-11-15T02:00:30Z', '2026-11-15T03:00:00Z')] }, 'services[api].maintenance[m].start: must fall on a whole minute'],
    [{ service: [weekly('m', ['monday'], '02:00', '03:00', 'Mars/Olympus')] }, 'services[api].maintenance[m].weekly.timezone: must be an IANA time zone such as "UTC" or "Europe/Berlin", got "Mars/Olympus"'],
    [{ service: [weekly('m', ['monday'], '2:00', '03:00')] }, 'services[api].maintenance[m].weekly.start: must be a time of day "HH:MM" from "00:00" to "24:00"'],
    [{ service: [{ name: 'm', start: '2026-11-15T02:00:00Z' }] }, 'services[api].maintenance[m]: needs "end" as well: a one-off window has both start and end'],
    [{ service: [{ ...once('m', '2026-11-15T02:00:00Z', '2026-11-15T03:00:00Z'), weekly: { days: ['monday'], start: '01:00', end: '02:00' } }] }, 'services[api].maintenance[m]: needs either "start" and "end" (a one-off window) or "weekly" (a recurring one), not both'],
    [{ top: [{ ...weekly('m', ['monday'], '02:00', '03:00'), services: ['api', 'shop'] }] }, 'maintenance[m].services[1]: names no service; the services are "api", "web"; got "shop"'],
    [{ service: [weekly('m', ['monday'], '02:00', '03:00')], slo: [weekly('m', ['friday'], '02:00', '03:00')] }, 'services[api].slos[availability].maintenance[m].name: repeats the name of services[api].maintenance[m]'],
  ])('refuses %j with the path and what is expected', (windows, message) => {
    expect(problems(config(windows)).join('\n')).toContain(message);
  });

  it.each([
    ['two one-offs sharing an hour', { service: [once('a', '2026-11-15T02:00:00Z', '2026-11-15T04:00:00Z'), once('b', '2026-11-15T03:00:00Z', '2026-11-15T05:00:00Z')] }, 'services[api].maintenance[b]: overlaps services[api].maintenance[a]'],
    ['a one-off inside a weekly slot', { service: [weekly('a', ['sunday'], '02:00', '04:00')], slo: [once('b', '2026-11-15T03:00:00Z', '2026-11-15T03:30:00Z')] }, 'services[api].slos[availability].maintenance[b]: overlaps services[api].maintenance[a]'],
    ['weekly slots of one day in one zone', { service: [weekly('a', ['monday', 'friday'], '02:00', '04:00'), weekly('b', ['friday'], '03:59', '05:00')] }, 'services[api].maintenance[b]: overlaps services[api].maintenance[a]'],
    ['a Berlin slot and a UTC slot an offset apart', { top: [{ ...weekly('a', ['monday'], '03:00', '04:00', 'Europe/Berlin'), services: ['api'] }], service: [weekly('b', ['monday'], '01:30', '02:30')] }, 'services[api].maintenance[b]: overlaps maintenance[a]'],
  ])('refuses %s', (_, windows, message) => {
    expect(problems(config(windows)).join('\n')).toContain(message);
  });

  it('accepts windows that only touch, and the same slot on different days', () => {
    expect(problems(config({ service: [once('a', '2026-11-15T02:00:00Z', '2026-11-15T04:00:00Z'), once('b', '2026-11-15T04:00:00Z', '2026-11-15T05:00:00Z'), weekly('c', ['monday'], '02:00', '04:00'), weekly('d', ['tuesday'], '02:00', '04:00')] }))).toEqual([]);
  });

  it('refuses a weekly slot outside UTC when an AlertmanagerConfig is generated: it has no location', () => {
    const alertmanager = { severities: { critical: { receiver: 'r' } }, receivers: { r: { webhook: { url: 'http://127.0.0.1:9/' } } }, defaultReceiver: 'r' };
    const withKubernetes = config({ service: [weekly('a', ['monday'], '02:00', '04:00', 'Europe/Berlin')] }, { alertmanager, kubernetes: { namespace: 'monitoring' } });
    expect(problems(withKubernetes).join('\n')).toContain('services[api].maintenance[a].weekly.timezone: must be "UTC" with a kubernetes section');
  });
});
