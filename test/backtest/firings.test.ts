/** Pending → firing → resolved as Prometheus' rule manager decides it, evaluation by evaluation. */
import { describe, expect, it } from 'vitest';
import { firings } from '../../src/backtest/firings.ts';

const minutes = (...list: number[]) => new Set(list.map((m) => m * 60));
const evaluations = { first: 0, last: 60 * 60 };
const range = { start: 0, end: 60 * 60 };
const inMinutes = (found: { start: number; end: number }[]) => found.map((f) => [f.start / 60, f.end / 60]);

describe('firings', () => {
  it('without `for` an alert fires at the first evaluation that returns it and resolves at the first that does not', () => {
    expect(inMinutes(firings(minutes(10, 11, 12), evaluations, 60, 0, range))).toEqual([[10, 13]]);
  });

  it('with `for: 2m` it fires at the evaluation two minutes after it became active, not before', () => {
    expect(inMinutes(firings(minutes(10, 11, 12, 13), evaluations, 60, 120, range))).toEqual([[12, 14]]);
    expect(firings(minutes(10, 11), evaluations, 60, 120, range)).toEqual([]);
  });

  it('one evaluation without it resets the pending time', () => {
    expect(firings(minutes(10, 11, 13, 14), evaluations, 60, 120, range)).toEqual([]);
    expect(inMinutes(firings(minutes(10, 11, 13, 14, 15), evaluations, 60, 120, range))).toEqual([[15, 16]]);
  });

  it('a firing that began before the range is cut at its start; one still firing at its end ends there', () => {
    const before = { first: -30 * 60, last: 60 * 60 };
    expect(inMinutes(firings(minutes(-20, -19, -18, -17, -16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2), before, 60, 0, range))).toEqual([[0, 3]]);
    expect(firings(minutes(-10, -9), before, 60, 0, range)).toEqual([]);
    expect(inMinutes(firings(minutes(58, 59, 60), evaluations, 60, 0, range))).toEqual([[58, 60]]);
  });

  it('evaluations every 5m: pending and firing counted on that grid', () => {
    expect(inMinutes(firings(minutes(10, 15, 20, 25), evaluations, 300, 600, range))).toEqual([[20, 30]]);
  });
});
