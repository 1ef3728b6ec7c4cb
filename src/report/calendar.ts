/**
 * Calendar periods in a time zone: a month or quarter runs from the first instant of its
 * first day there to the first instant of the next period's, so it holds 28 to 31 days
 * and, across a DST change, an hour more or less than whole days.
 */
import { offsetSeconds, wallClock } from '../model/time-zone.ts';

export type PeriodKind = 'month' | 'quarter';

export interface Period {
  readonly kind: PeriodKind;
  /** `2026-11`, `2026-Q4`. */
  readonly label: string;
  /** Unix seconds, start inclusive, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly timezone: string;
}

/** `YYYY-MM` or `YYYY-Qn`; undefined for anything else. */
export function parsePeriodLabel(kind: PeriodKind, label: string): { year: number; firstMonth: number } | undefined {
  const match = kind === 'month' ? /^(\d{4})-(0[1-9]|1[0-2])$/.exec(label) : /^(\d{4})-Q([1-4])$/.exec(label);
  if (!match) return undefined;
  const year = Number(match[1]);
  const index = Number(match[2]);
  return { year, firstMonth: kind === 'month' ? index : (index - 1) * 3 + 1 };
}

export function period(kind: PeriodKind, label: string, timezone: string): Period | undefined {
  const parsed = parsePeriodLabel(kind, label);
  if (!parsed) return undefined;
  const { year, firstMonth } = parsed;
  const months = kind === 'month' ? 1 : 3;
  const next = firstMonth - 1 + months;
  return {
    kind,
    label,
    start: startOfDay(year, firstMonth, 1, timezone),
    end: startOfDay(year + Math.floor(next / 12), (next % 12) + 1, 1, timezone),
    timezone,
  };
}

/** The first instant of a local calendar day, in Unix seconds; where DST skips midnight, the instant the day begins. */
export function startOfDay(year: number, month: number, day: number, timezone: string): number {
  const wall = Date.UTC(year, month - 1, day) / 1000;
  const date = localDate(wall, 'UTC');
  // Midnight read with the offsets in force a day before and a day after: a DST change on this day gives two
  // candidates, and the earlier one that falls on the day is where it begins (at the jump, if midnight is skipped).
  const candidates = [wall - offsetSeconds(wall - 86400, timezone), wall - offsetSeconds(wall + 86400, timezone)].filter((t) => localDate(t, timezone) === date);
  return Math.min(...candidates);
}

/** The local calendar days of [start, end) in a time zone, each from its first instant to the next day's. */
export function daysOf(start: number, end: number, timezone: string): { readonly date: string; readonly start: number; readonly end: number }[] {
  const days = [];
  for (let from = start; from < end; ) {
    const { year, month, day } = wallClock(from, timezone);
    const next = new Date(Date.UTC(year, month - 1, day + 1));
    const to = startOfDay(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timezone);
    days.push({ date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, start: from, end: Math.min(to, end) });
    from = to;
  }
  return days;
}

/** `2026-11-01T00:00:00Z`: the ISO form the JSON report writes. */
export function isoUtc(instant: number): string {
  return new Date(instant * 1000).toISOString().replace('.000Z', 'Z');
}

function localDate(instant: number, timezone: string): string {
  const { year, month, day } = wallClock(instant, timezone);
  return `${year}-${month}-${day}`;
}
