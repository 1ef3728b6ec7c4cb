/** Wall-clock time in an IANA time zone, read through Intl: the one place that knows offsets and DST. */
import { RecentValues } from './recent-values.ts';

export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** Local time minus UTC at an instant, in seconds (Berlin in winter: 3600). */
export function offsetSeconds(instant: number, timezone: string): number {
  const parts = wallClock(instant, timezone);
  const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) / 1000;
  return local - Math.floor(instant);
}

/**
 * The instant a local wall-clock time names, in Unix seconds. A time DST skips is read with the offset
 * before the jump (02:30 on the spring-forward day in Berlin is 03:30 local); a time it repeats is its first occurrence.
 */
export function instantOf(year: number, month: number, day: number, minuteOfDay: number, timezone: string): number {
  const wall = Date.UTC(year, month - 1, day) / 1000 + minuteOfDay * 60;
  const before = wall - offsetSeconds(wall - 86400, timezone);
  const after = wall - offsetSeconds(wall + 86400, timezone);
  // Both readings that land on the wall time are real instants of it; the earlier comes first.
  const exact = [before, after].filter((t) => t + offsetSeconds(t, timezone) === wall);
  return exact.length ? Math.min(...exact) : before;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function wallClock(instant: number, timezone: string): WallClock {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(Math.floor(instant) * 1000)).map((p) => [p.type, Number(p.value)]));
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** A zone name Intl knows; fixed offsets (`+01:00`) are refused: a named zone says how DST moves local time. */
export function isTimeZone(name: string): boolean {
  return knownZones.get(name, () => {
    if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      return true;
    } catch {
      return false;
    }
  });
}
/** A formatter costs Intl a look-up of the zone's rules: each name is tried once. */
const knownZones = new RecentValues<string, boolean>(64);
