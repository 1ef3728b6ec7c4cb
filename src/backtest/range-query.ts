/**
 * A rule's expression evaluated at every evaluation of its group over a long range, as
 * Prometheus' rule manager would (an evaluation at t is an instant query at t): range
 * queries of at most 11,000 points each (the server's limit per series), each cut in half
 * again when the server says it would load more samples than its query.max-samples.
 */
import { PrometheusApiError, type Labels, type PrometheusClient } from '../prometheus-api/client.ts';

/** Prometheus refuses a range query of more points than this per series. */
export const MAX_POINTS = 11_000;

export interface EvaluatedSeries {
  readonly labels: Labels;
  /** Values by evaluation time (Unix seconds). */
  readonly values: Map<number, number>;
}

/** The evaluation times of a group every `interval` seconds within [from, to]: whole multiples of the interval, as a group's are. */
export function evaluationTimes(from: number, to: number, interval: number): { first: number; last: number } {
  return { first: Math.ceil(from / interval) * interval, last: Math.floor(to / interval) * interval };
}

/** Time ranges of at most `maxPoints` evaluations each, covering first..last. */
export function chunks(first: number, last: number, interval: number, maxPoints = MAX_POINTS): { start: number; end: number }[] {
  const parts: { start: number; end: number }[] = [];
  for (let start = first; start <= last; start += maxPoints * interval) parts.push({ start, end: Math.min(last, start + (maxPoints - 1) * interval) });
  return parts;
}

/** One chunk's query; split in two and retried while the server finds it too big. */
export async function queryChunk(client: PrometheusClient, expr: string, range: { start: number; end: number }, interval: number): Promise<EvaluatedSeries[]> {
  try {
    const result = await client.queryRange(expr, range, interval);
    return result.map((s) => ({ labels: s.metric, values: new Map(s.points) }));
  } catch (error) {
    const points = Math.round((range.end - range.start) / interval) + 1;
    if (!(error instanceof PrometheusApiError) || !/too many samples/.test(error.message) || points < 2) throw error;
    const middle = range.start + Math.floor(points / 2) * interval;
    const halves = await Promise.all([
      queryChunk(client, expr, { start: range.start, end: middle - interval }, interval),
      queryChunk(client, expr, { start: middle, end: range.end }, interval),
    ]);
    return merge(halves.flat());
  }
}

/** Series of several chunks joined by label set. */
export function merge(parts: readonly EvaluatedSeries[]): EvaluatedSeries[] {
  const byKey = new Map<string, EvaluatedSeries>();
  for (const part of parts) {
    const key = labelsKey(part.labels);
    const known = byKey.get(key);
    if (!known) byKey.set(key, { labels: part.labels, values: new Map(part.values) });
    else for (const [t, v] of part.values) known.values.set(t, v);
  }
  return [...byKey.values()];
}

/** A label set as a stable key: names sorted. */
export function labelsKey(labels: Labels): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}
