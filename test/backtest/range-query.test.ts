/** Range queries cut to Prometheus' 11,000 points per series, on the evaluation grid. */
import { describe, expect, it } from 'vitest';
import { chunks, evaluationTimes, MAX_POINTS } from '../../src/backtest/range-query.ts';

describe('chunks', () => {
  it('cover every evaluation once, in order, none longer than 11,000 points', () => {
    const { first, last } = evaluationTimes(1_000_000, 1_000_000 + 30 * 86400, 60);
    const parts = chunks(first, last, 60);
    expect(parts).toHaveLength(Math.ceil((30 * 1440 + 1) / MAX_POINTS));
    expect(parts[0]!.start).toBe(first);
    expect(parts.at(-1)!.end).toBe(last);
    for (const [i, part] of parts.entries()) {
      expect((part.end - part.start) / 60 + 1).toBeLessThanOrEqual(MAX_POINTS);
      if (i > 0) expect(part.start).toBe(parts[i - 1]!.end + 60);
    }
  });

  it("evaluation times are whole multiples of the interval, as a group's are", () => {
    expect(evaluationTimes(1001, 2000, 300)).toEqual({ first: 1200, last: 1800 });
  });
});
