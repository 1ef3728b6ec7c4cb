import { describe, expect, it } from 'vitest';
import { isoUtc, period, startOfDay } from '../../src/report/calendar.ts';

const bounds = (kind: 'month' | 'quarter', label: string, timezone: string) => {
  const p = period(kind, label, timezone)!;
  return [isoUtc(p.start), isoUtc(p.end), (p.end - p.start) / 3600];
};

describe('calendar periods start at the first local instant of their first day', () => {
  it.each([
    ['month', '2026-11', 'UTC', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z', 720],
    ['month', '2026-12', 'UTC', '2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z', 744],
    ['month', '2026-02', 'UTC', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z', 672],
    ['month', '2028-02', 'UTC', '2028-02-01T00:00:00Z', '2028-03-01T00:00:00Z', 696],
    // Berlin: CET +1 in winter, CEST +2 in summer; March 2026 loses an hour (29 March), October gains one (25 October).
    ['month', '2026-01', 'Europe/Berlin', '2025-12-31T23:00:00Z', '2026-01-31T23:00:00Z', 744],
    ['month', '2026-03', 'Europe/Berlin', '2026-02-28T23:00:00Z', '2026-03-31T22:00:00Z', 743],
    ['month', '2026-10', 'Europe/Berlin', '2026-09-30T22:00:00Z', '2026-10-31T23:00:00Z', 745],
    ['month', '2026-11', 'America/New_York', '2026-11-01T04:00:00Z', '2026-12-01T05:00:00Z', 721],
    ['month', '2026-07', 'Asia/Kolkata', '2026-06-30T18:30:00Z', '2026-07-31T18:30:00Z', 744],
    ['quarter', '2026-Q4', 'UTC', '2026-10-01T00:00:00Z', '2027-01-01T00:00:00Z', 2208],
    ['quarter', '2026-Q1', 'Europe/Berlin', '2025-12-31T23:00:00Z', '2026-03-31T22:00:00Z', 2159],
  ] as const)('%s %s in %s runs from %s to %s (%d hours)', (kind, label, timezone, start, end, hours) => {
    expect(bounds(kind, label, timezone)).toEqual([start, end, hours]);
  });

  it('starts a day whose midnight DST skips at the jump', () => {
    // Santiago, 2024-09-08: 00:00 -04 becomes 01:00 -03.
    expect(isoUtc(startOfDay(2024, 9, 8, 'America/Santiago'))).toBe('2024-09-08T04:00:00Z');
  });

  it('refuses labels that are no month or quarter', () => {
    for (const label of ['2026-13', '2026-00', '2026-1', '26-11', '2026-11-01', 'november']) expect(period('month', label, 'UTC')).toBeUndefined();
    for (const label of ['2026-Q0', '2026-Q5', '2026-q1', '2026-11']) expect(period('quarter', label, 'UTC')).toBeUndefined();
  });
});
