/**
 * Maintenance windows, from the top level (for the services they name), a service or an SLO,
 * onto the model's services and SLOs: times parsed and checked, names unique, and no two windows
 * of one SLO sharing time.
 */
import type { MaintenanceWindowConfig, SloforgeConfig } from './types.ts';
import type { DiagnosticList, Path } from './diagnostics.ts';
import type { Service } from '../model/slo.ts';
import { schedulesOverlap, type MaintenanceSchedule, type MaintenanceWindow } from '../model/maintenance.ts';
import { isTimeZone } from '../model/time-zone.ts';

const DEFAULT_TIMEZONE = 'UTC';
const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|([+-])(\d{2}):(\d{2}))$/i;

interface Located {
  readonly window: MaintenanceWindow;
  readonly path: Path;
}

/** The services with their windows (and their SLOs' own) attached; problems collected. */
export function withMaintenance(config: SloforgeConfig, services: readonly Service[], problems: DiagnosticList): Service[] {
  const firstOfName = new Map<string, Path>();
  const read = (window: MaintenanceWindowConfig, path: Path): Located[] => {
    const first = firstOfName.get(window.name);
    if (first) problems.add([...path, 'name'], `repeats the name of ${problems.name(first)}: a window's name is its Alertmanager time interval's and must be unique`);
    else firstOfName.set(window.name, path);
    const schedule = toSchedule(window, path, config, problems);
    return schedule ? [{ window: { name: window.name, description: window.description, schedule, muteBurnRateAlerts: window.muteBurnRateAlerts ?? true }, path }] : [];
  };
  const shared = (config.maintenance ?? []).map((window, index) => {
    const path = ['maintenance', index];
    window.services.forEach((name, at) => {
      if (!services.some((s) => s.name === name)) problems.add([...path, 'services', at], `names no service; the services are ${services.map((s) => `"${s.name}"`).join(', ')}; got "${name}"`);
    });
    return { services: window.services, located: read(window, path) };
  });
  const reported = new Set<string>();
  return services.map((service, serviceIndex) => {
    const servicePath = ['services', serviceIndex];
    const own = config.services[serviceIndex]!;
    const serviceWindows = [...shared.filter((s) => s.services.includes(service.name)).flatMap((s) => s.located), ...(own.maintenance ?? []).flatMap((w, i) => read(w, [...servicePath, 'maintenance', i]))];
    const slos = service.slos.map((slo) => {
      const sloIndex = own.slos.findIndex((s) => s.name === slo.name);
      const sloWindows = (own.slos[sloIndex]?.maintenance ?? []).flatMap((w, i) => read(w, [...servicePath, 'slos', sloIndex, 'maintenance', i]));
      checkOverlaps([...serviceWindows, ...sloWindows], reported, problems);
      return sloWindows.length ? { ...slo, maintenance: sloWindows.map((l) => l.window) } : slo;
    });
    return { ...service, slos, ...(serviceWindows.length ? { maintenance: serviceWindows.map((l) => l.window) } : {}) };
  });
}

function toSchedule(window: MaintenanceWindowConfig, path: Path, config: SloforgeConfig, problems: DiagnosticList): MaintenanceSchedule | undefined {
  const once = window.start !== undefined || window.end !== undefined;
  if (once === (window.weekly !== undefined)) {
    problems.add(path, 'needs either "start" and "end" (a one-off window) or "weekly" (a recurring one), not both');
    return undefined;
  }
  if (window.weekly) {
    const { days, timezone = DEFAULT_TIMEZONE } = window.weekly;
    const at = [...path, 'weekly'];
    const startMinute = clockMinutes(window.weekly.start);
    const endMinute = clockMinutes(window.weekly.end);
    let valid = true;
    if (endMinute <= startMinute) {
      problems.add([...at, 'end'], `must be after weekly.start ("${window.weekly.start}") on the same day; a slot across midnight is two windows, one to "24:00" and one from "00:00" the next day; got "${window.weekly.end}"`);
      valid = false;
    }
    if (!isTimeZone(timezone)) {
      problems.add([...at, 'timezone'], `must be an IANA time zone such as "UTC" or "Europe/Berlin", got "${timezone}"`);
      valid = false;
    } else if (timezone !== DEFAULT_TIMEZONE && config.kubernetes && config.alertmanager) {
      problems.add([...at, 'timezone'], `must be "UTC" with a kubernetes section: an AlertmanagerConfig's time intervals have no location, so a slot in "${timezone}" would move with its DST; write the slot in UTC`);
      valid = false;
    }
    return valid ? { kind: 'weekly', days, startMinute, endMinute, timezone } : undefined;
  }
  const start = instantAt(window.start, [...path, 'start'], problems);
  const end = instantAt(window.end, [...path, 'end'], problems);
  if (start === undefined || end === undefined) return undefined;
  if (end <= start) {
    problems.add([...path, 'end'], `must be after start ("${window.start}"); got "${window.end}"`);
    return undefined;
  }
  return { kind: 'once', start, end };
}

/** `HH:MM` (the schema checked the form) as minutes of the day; `24:00` is 1440. */
function clockMinutes(text: string): number {
  const [hours, minutes] = text.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/** An RFC 3339 date-time on a whole minute, as Unix seconds. */
function instantAt(text: string | undefined, path: Path, problems: DiagnosticList): number | undefined {
  if (text === undefined) {
    problems.add(path.slice(0, -1), `needs "${path.at(-1)}" as well: a one-off window has both start and end`);
    return undefined;
  }
  const match = RFC_3339.exec(text);
  const fields = match?.slice(1, 6).map(Number);
  const [year, month, day, hour, minute] = fields ?? [];
  const seconds = Number(match?.[6] ?? 0) + Number(match?.[7] ?? 0);
  const offset = match?.[8]?.toUpperCase() === 'Z' ? 0 : (match?.[9] === '-' ? -1 : 1) * (Number(match?.[10]) * 60 + Number(match?.[11]));
  const valid = match && month! >= 1 && month! <= 12 && day! >= 1 && day! <= new Date(Date.UTC(year!, month!, 0)).getUTCDate() && hour! <= 23 && minute! <= 59 && Number(match[10] ?? 0) <= 23 && Number(match[11] ?? 0) <= 59;
  if (!valid) {
    problems.add(path, `must be an RFC 3339 date-time with an offset, such as "2026-11-15T02:00:00Z" or "2026-11-15T03:00:00+01:00"; got "${text}"`);
    return undefined;
  }
  if (seconds !== 0) {
    problems.add(path, `must fall on a whole minute (the resolution sloforge report counts in), got "${text}"`);
    return undefined;
  }
  return Date.UTC(year!, month! - 1, day!, hour!, minute!) / 1000 - offset * 60;
}

/** Each pair of windows that share time, reported once at the later one. */
function checkOverlaps(windows: readonly Located[], reported: Set<string>, problems: DiagnosticList): void {
  windows.forEach((later, index) => {
    for (const earlier of windows.slice(0, index)) {
      const key = `${problems.name(earlier.path)} ${problems.name(later.path)}`;
      if (reported.has(key) || !schedulesOverlap(earlier.window.schedule, later.window.schedule)) continue;
      reported.add(key);
      problems.add(later.path, `overlaps ${problems.name(earlier.path)}: windows that apply to one SLO must not share time; merge them into one or move one`);
    }
  });
}
