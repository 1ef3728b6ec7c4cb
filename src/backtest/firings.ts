/**
 * Pending → firing as Prometheus' rule manager decides it: an alert becomes active at the
 * first evaluation its expression returns its label set, fires at the first evaluation at
 * which it has been active for at least `for`, and resolves at the first evaluation that no
 * longer returns it.
 */
export interface Firing {
  /** Unix seconds: the first evaluation at which it fired. */
  readonly start: number;
  /** Unix seconds: the first evaluation at which it no longer fired, or the range's end if it still did. */
  readonly end: number;
}

/**
 * Firings of one alert instance, given the evaluation times at which its expression returned
 * it, among evaluations first, first + interval, … last; only what overlaps [rangeStart,
 * rangeEnd], a firing that began before the range cut at its start.
 */
export function firings(active: ReadonlySet<number>, evaluations: { first: number; last: number }, interval: number, forSeconds: number, range: { start: number; end: number }): Firing[] {
  const found: Firing[] = [];
  let activeSince: number | undefined;
  let firingSince: number | undefined;
  const close = (at: number) => {
    if (firingSince !== undefined && at > range.start) found.push({ start: Math.max(firingSince, range.start), end: Math.min(at, range.end) });
    firingSince = undefined;
  };
  for (let t = evaluations.first; t <= evaluations.last; t += interval) {
    if (!active.has(t)) {
      activeSince = undefined;
      close(t);
      continue;
    }
    activeSince ??= t;
    if (firingSince === undefined && t - activeSince >= forSeconds) firingSince = t;
  }
  close(range.end);
  return found;
}
