/**
 * Maintenance windows as Alertmanager sees them: one named time interval per window, and the
 * routes that mute the alerts each window covers. Kept as data, so alertmanager.yml and the
 * AlertmanagerConfig write the same intervals and routes in their own spelling.
 *
 * A route's first matching child wins, so an alert covered by several windows must meet one
 * route that lists them all: the most specific routes (one SLO's burn-rate alerts, then the
 * rest of that SLO's alerts) come first and name the service's windows as well as the SLO's.
 */
import type { Model, Service } from '../../model/slo.ts';
import type { MaintenanceWindow } from '../../model/maintenance.ts';
import { LABEL } from '../../model/conventions.ts';
import { compareCodePoints } from '../../model/order.ts';
import type { Matcher } from './config.ts';

/** One entry of a time interval; every field given must match (Alertmanager's semantics). */
export interface TimeRange {
  /** `HH:MM`, `24:00` for the end of the day. */
  readonly times?: readonly { readonly start: string; readonly end: string }[];
  readonly weekdays?: readonly string[];
  readonly daysOfMonth?: readonly { readonly start: number; readonly end: number }[];
  readonly months?: readonly number[];
  readonly years?: readonly number[];
  /** IANA zone of the times and days; absent for UTC. */
  readonly location?: string;
}

export interface TimeInterval {
  readonly name: string;
  readonly ranges: readonly TimeRange[];
}

export interface MuteRoute {
  readonly matchers: readonly Matcher[];
  /** Empty for a route that only stops an alert from falling through to a less specific one. */
  readonly muteTimeIntervals: readonly string[];
}

/** Every window of the model, once each, by name. */
export function timeIntervals(model: Model): TimeInterval[] {
  const windows = new Map<string, MaintenanceWindow>();
  for (const service of model.services) for (const window of [...(service.maintenance ?? []), ...service.slos.flatMap((s) => s.maintenance ?? [])]) windows.set(window.name, window);
  return [...windows.values()].sort((a, b) => compareCodePoints(a.name, b.name)).map((window) => ({ name: window.name, ranges: ranges(window) }));
}

/**
 * The routes, under every severity route so they inherit that level's receiver and timing, and after the
 * severity routes at the top, for alerts of no known severity.
 */
export function muteRoutes(model: Model): MuteRoute[] {
  return model.services.flatMap(serviceRoutes);
}

function serviceRoutes(service: Service): MuteRoute[] {
  const serviceWindows = service.maintenance ?? [];
  const isService: Matcher = { name: LABEL.service, op: '=', value: service.name };
  const isBurnRate: Matcher = { name: LABEL.longWindow, op: '=~', value: '.+' };
  const names = (windows: readonly MaintenanceWindow[]) => windows.map((w) => w.name);
  const burnRateMuting = (windows: readonly MaintenanceWindow[]) => names(windows.filter((w) => w.muteBurnRateAlerts));
  const routes = service.slos
    .filter((slo) => slo.maintenance?.length)
    .flatMap((slo) => {
      const windows = [...serviceWindows, ...slo.maintenance!];
      const isSlo: Matcher = { name: LABEL.slo, op: '=', value: slo.name };
      return [
        { matchers: [isService, isSlo, isBurnRate], muteTimeIntervals: burnRateMuting(windows) },
        { matchers: [isService, isSlo], muteTimeIntervals: names(windows) },
      ];
    });
  if (!serviceWindows.length) return routes;
  if (serviceWindows.some((w) => !w.muteBurnRateAlerts)) routes.push({ matchers: [isService, isBurnRate], muteTimeIntervals: burnRateMuting(serviceWindows) });
  routes.push({ matchers: [isService], muteTimeIntervals: names(serviceWindows) });
  return routes;
}

function ranges(window: MaintenanceWindow): TimeRange[] {
  const schedule = window.schedule;
  if (schedule.kind === 'weekly') {
    return [{ times: [{ start: clock(schedule.startMinute), end: clock(schedule.endMinute) }], weekdays: schedule.days, ...(schedule.timezone === 'UTC' ? {} : { location: schedule.timezone }) }];
  }
  // A one-off span cut at UTC midnights: its first and last days from and to a time, the whole days between
  // as runs of days of one month.
  const result: TimeRange[] = [];
  const DAY = 86400;
  for (let day = Math.floor(schedule.start / DAY) * DAY; day < schedule.end; day += DAY) {
    const date = new Date(day * 1000);
    const on = { daysOfMonth: [{ start: date.getUTCDate(), end: date.getUTCDate() }], months: [date.getUTCMonth() + 1], years: [date.getUTCFullYear()] };
    const from = Math.max(schedule.start, day) - day;
    const to = Math.min(schedule.end, day + DAY) - day;
    const previous = result.at(-1);
    if (from === 0 && to === DAY) {
      const run = previous && !previous.times && previous.months![0] === on.months[0] && previous.years![0] === on.years[0] ? previous : undefined;
      if (run) result[result.length - 1] = { ...run, daysOfMonth: [{ start: run.daysOfMonth![0]!.start, end: on.daysOfMonth[0]!.end }] };
      else result.push(on);
    } else result.push({ times: [{ start: clock(from / 60), end: clock(to / 60) }], ...on });
  }
  return result;
}

function clock(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}
