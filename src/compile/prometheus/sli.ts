/**
 * The two series every SLI kind is reduced to: error events and all events in the minute
 * up to each evaluation. Evaluated every minute, consecutive samples tile time without
 * gaps or overlaps, and every window sums them (see recording.ts).
 *
 * Data that cannot be what the SLI claims (see sli-broken.ts) counts as no errors, so
 * a misconfigured SLI never pages as an outage; the SLIBroken alert reports it instead.
 */
import type { LabelMatcher, Selector, Slo } from '../../model/slo.ts';
import { countsSubset } from '../../model/sli-soundness.ts';
import { formatNumber } from '../../model/number.ts';
import { METRIC, RAW_WINDOW_PLACEHOLDER } from '../../model/conventions.ts';
import { aggregateSource, renderSelector, sloMatchers } from './promql.ts';

export interface SliIncreases {
  readonly errors: string;
  readonly total: string;
}

/** The window a raw SLI's expression is given, and the one SLIBroken's checks read. */
const WINDOW = '5m';
/** Just short of a minute: the gauge samples of the minute up to each evaluation, none twice in Prometheus 2's closed ranges. */
const GAUGE_MINUTE = '59s999ms';

/**
 * The highest error share that a correct SLI can show: errors are some of the events,
 * and the skew between two counters of the same requests (rate extrapolation, scrape
 * offsets) moves a 5m share by far less than twice. Above it the errors selector counts
 * something else; up to it, even past 1, it may be a real full outage and still counts.
 */
export const MAX_ERROR_SHARE = 2;

export type SloSli = Pick<Slo, 'service' | 'name' | 'sli' | 'groupBy' | 'sourceGroupBy'>;

/** The SLO's events of this minute as recorded, which the errors rule, evaluated after it, compares against. */
function recordedTotalIncrease(slo: SloSli): string {
  return `${METRIC.totalIncrease1m}${sloMatchers(slo)}`;
}

/** `recordedTotal`: the selector of the recorded total the errors rule compares against, where it is recorded under another name (an edge server's). */
export function sliIncreases(slo: SloSli, recordedTotal = recordedTotalIncrease(slo)): SliIncreases {
  const { sli, groupBy } = slo;
  const rate = (selector: Selector, extra: readonly LabelMatcher[] = []) => aggregateSource('sum', slo, increaseOf(selector, extra));
  switch (sli.kind) {
    case 'ratio': {
      const total = rate(sli.total);
      if (sli.events === 'errors') {
        const errors = countsSubset(sli.selector, sli.total) ? rate(sli.selector) : `(${rate(sli.selector)} <= ${onGroup(groupBy)} ${MAX_ERROR_SHARE} * ${recordedTotal})`;
        return { errors: `${errors} or 0 * ${total}`, total };
      }
      return { errors: errorsFromGood(rate(sli.selector), total), total };
    }
    case 'latency': {
      // Per series, so a series whose histogram has no bucket at the threshold drops out instead of counting every request as slow.
      const { count, bucket } = histogramSeries(sli.histogram);
      const slow = `${increaseOf(count)} - sum without (le) (${increaseOf(bucket, [leMatcher(sli.thresholdSeconds)])})`;
      const total = rate(count);
      return { errors: `clamp_min(${aggregateSource('sum', slo, slow)}, 0) or 0 * ${total}`, total };
    }
    case 'uptime': {
      // Instance-seconds: the share of the minute each instance was down or up, times 60.
      const uptime = `avg_over_time(${renderSelector(sli.gauge)}[${GAUGE_MINUTE}])`;
      // A series outside 0..1 is no 0/1 gauge: it counts no down time.
      return { errors: aggregateSource('sum', slo, `60 * (1 - (${uptime} >= 0 <= 1))`), total: `60 * ${aggregateSource('count', slo, uptime)}` };
    }
    case 'raw': {
      // One event per series and second; the NaN of an idle 0/0 counts as no error, so an idle service is neither failing nor missing.
      // The expression is over 5m, sampled each minute: its windows trail by that smoothing.
      const ratio = rawRatio(sli.errorRatio);
      const total = `60 * ${aggregateSource('count', slo, ratio)}`;
      return { errors: `${aggregateSource('sum', slo, `60 * (${ratio} >= 0 <= ${MAX_ERROR_SHARE})`)} or 0 * ${total}`, total };
    }
  }
}

/** The raw SLI's expression at the 5m window, parenthesized. */
export function rawRatio(errorRatio: string): string {
  return `(${errorRatio.replaceAll(RAW_WINDOW_PLACEHOLDER, WINDOW)})`;
}

export function histogramSeries(histogram: Selector): { count: Selector; bucket: Selector } {
  return { count: { ...histogram, metric: `${histogram.metric}_count` }, bucket: { ...histogram, metric: `${histogram.metric}_bucket` } };
}

/** `on (route)`: matches a raw aggregate to the SLO's recorded series, which carry more labels. */
export function onGroup(groupBy: readonly string[]): string {
  return `on (${groupBy.join(', ')})`;
}


/**
 * A counter's events in the minute up to the evaluation: its values at the last two whole
 * minutes, resampled so that it is one minute at any scrape interval (a 1m range of raw
 * samples may hold one sample or none), their difference, a drop counting as a reset
 * from 0 (irate's rule). Successive minutes share their ends: nothing is counted twice.
 */
function increaseOf(selector: Selector, extra: readonly LabelMatcher[] = []): string {
  return `60 * irate(${renderSelector(selector, extra)}[2m:1m])`;
}

/**
 * Errors as total minus good. A group with traffic but no good series yet counts all
 * its events as errors; scrape skew between the two counters never goes below zero.
 */
function errorsFromGood(good: string, total: string): string {
  return `clamp_min(${total} - (${good} or 0 * ${total}), 0)`;
}

/**
 * The bucket boundary as every exposition spells it: Prometheus 2 keeps the client's
 * text (`1`, `1.0`, `1e+06`), Prometheus 3 normalizes it (`1.0`, `1e+06`).
 */
export function leMatcher(seconds: number): LabelMatcher {
  const spellings = new Set([formatNumber(seconds), goFloat(seconds)]);
  if (Number.isInteger(seconds)) spellings.add(`${seconds}.0`);
  const pattern = [...spellings].map((s) => s.replace(/[.+]/g, (c) => `\\${c}`)).join('|');
  return { name: 'le', op: '=~', value: pattern };
}

/** Go's strconv.FormatFloat(x, 'g', -1, 64): shortest digits, exponent form below 1e-4 and from 1e6 on. */
function goFloat(value: number): string {
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 6) return String(value);
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}
