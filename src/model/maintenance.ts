/**
 * Scheduled maintenance windows, normalized: a one-off span of instants or a weekly
 * wall-clock slot in a time zone, and the concrete spans either gives within a range
 * (what `sloforge report` leaves out of an SLA's denominator).
 */
import { instantOf, wallClock } from './time-zone.ts';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type MaintenanceSchedule =
  /** Unix seconds, start inclusive, end exclusive, whole minutes. */
  | { readonly kind: 'once'; readonly start: number; readonly end: number }
  /** Minutes of the local day, end after start (1440 = midnight at the end of the day). */
  | { readonly kind: 'weekly'; readonly days: readonly Weekday[]; readonly startMinute: number; readonly endMinute: number; readonly timezone: string };

export interface MaintenanceWindow {
  /** Unique across the config: the Alertmanager time interval's name. */
  readonly name: string;
  readonly description: string | undefined;
  readonly schedule: MaintenanceSchedule;
  /** Whether the window also mutes the burn-rate alerts of the SLOs it covers; other alerts it always mutes. */
  readonly muteBurnRateAlerts: boolean;
}

/** A span of Unix seconds, start inclusive, end exclusive. */
export type Span = readonly [start: number, end: number];

/** The window's spans that meet [from, to), clipped to it, in time order. */
export function spansWithin(schedule: MaintenanceSchedule, from: number, to: number): Span[] {
  if (schedule.kind === 'once') {
    const start = Math.max(schedule.start, from);
    const end = Math.min(schedule.end, to);
    return start < end ? [[start, end]] : [];
  }
  const spans: Span[] = [];
  // Local days from the one before `from` (its slot may reach past midnight UTC) to the one after `to`.
  const first = wallClock(from - 86400, schedule.timezone);
  for (let day = Date.UTC(first.year, first.month - 1, first.day); day <= (to + 2 * 86400) * 1000; day += 86400 * 1000) {
    const date = new Date(day);
    if (!schedule.days.includes(WEEKDAYS[date.getUTCDay()]!)) continue;
    const local = (minute: number) => instantOf(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), minute, schedule.timezone);
    const start = Math.max(local(schedule.startMinute), from);
    const end = Math.min(local(schedule.endMinute), to);
    if (start < end) spans.push([start, end]);
  }
  return spans;
}

/** The union's length in seconds of spans that do not overlap (maintenance windows are validated not to). */
export function spanSeconds(spans: readonly Span[]): number {
  return spans.reduce((sum, [start, end]) => sum + end - start, 0);
}

/** Any year will do: what matters is that it runs through both DST changes of each zone. */
const OFFSETS_YEAR = 2026;

/**
 * Whether two schedules ever share an instant. Weekly slots in different zones are compared over a whole
 * year of spans: a year holds every pairing of the two zones' offsets.
 */
export function schedulesOverlap(a: MaintenanceSchedule, b: MaintenanceSchedule): boolean {
  if (a.kind === 'once' || b.kind === 'once') {
    const [once, other] = a.kind === 'once' ? [a, b] : [b as Extract<MaintenanceSchedule, { kind: 'once' }>, a];
    return spansWithin(other, once.start, once.end).length > 0;
  }
  if (a.timezone === b.timezone) return a.days.some((day) => b.days.includes(day)) && a.startMinute < b.endMinute && b.startMinute < a.endMinute;
  const from = Date.UTC(OFFSETS_YEAR, 0, 1) / 1000;
  const to = Date.UTC(OFFSETS_YEAR + 1, 0, 1) / 1000;
  const spans = spansWithin(b, from, to);
  return spansWithin(a, from, to).some(([start, end]) => spans.some(([s, e]) => start < e && s < end));
}
