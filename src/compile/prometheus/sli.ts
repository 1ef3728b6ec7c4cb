/**
 * The two series every SLI kind is reduced to, over 5m: error events per second and
 * all events per second. Every longer window is built from these (see recording.ts).
 *
 * Data that cannot be what the SLI claims (see sli-broken.ts) counts as no errors, so
 * a misconfigured SLI never pages as an outage; the SLIBroken alert reports it instead.
 */
import type { LabelMatcher, Selector, Slo } from '../../model/slo.ts';
import { countsSubset } from '../../model/sli-soundness.ts';
import { formatNumber } from '../../model/number.ts';
import { METRIC, RAW_WINDOW_PLACEHOLDER } from '../../model/conventions.ts';
import { aggregate, renderSelector, sloMatchers } from './promql.ts';

export interface SliRates {
  readonly errors: string;
  readonly total: string;
}

const WINDOW = '5m';

/**
 * The highest error share that a correct SLI can show: errors are some of the events,
 * and the skew between two counters of the same requests (rate extrapolation, scrape
 * offsets) moves a 5m share by far less than twice. Above it the errors selector counts
 * something else; up to it, even past 1, it may be a real full outage and still counts.
 */
export const MAX_ERROR_SHARE = 2;

export type SloSli = Pick<Slo, 'service' | 'name' | 'sli' | 'groupBy'>;

/** The SLO's 5m events as recorded, which the errors rule, evaluated after it, compares against. */
export function recordedTotal(slo: SloSli): string {
  return `${METRIC.totalRate5m}${sloMatchers(slo)}`;
}

export function sliRates(slo: SloSli): SliRates {
  const { sli, groupBy } = slo;
  const rate = (selector: Selector, extra: readonly LabelMatcher[] = []) => aggregate('sum', groupBy, rateOf(selector, extra));
  switch (sli.kind) {
    case 'ratio': {
      const total = rate(sli.total);
      if (sli.events === 'errors') {
        const errors = countsSubset(sli.selector, sli.total) ? rate(sli.selector) : `(${rate(sli.selector)} <= ${onGroup(groupBy)} ${MAX_ERROR_SHARE} * ${recordedTotal(slo)})`;
        return { errors: `${errors} or 0 * ${total}`, total };
      }
      return { errors: errorsFromGood(rate(sli.selector), total), total };
    }
    case 'latency': {
      // Per series, so a series whose histogram has no bucket at the threshold drops out instead of counting every request as slow.
      const { count, bucket } = histogramSeries(sli.histogram);
      const slow = `rate(${renderSelector(count)}[${WINDOW}]) - sum without (le) (${rateOf(bucket, [leMatcher(sli.thresholdSeconds)])})`;
      const total = rate(count);
      return { errors: `clamp_min(${aggregate('sum', groupBy, slow)}, 0) or 0 * ${total}`, total };
    }
    case 'uptime': {
      const uptime = `avg_over_time(${renderSelector(sli.gauge)}[${WINDOW}])`;
      // A series outside 0..1 is no 0/1 gauge: it counts no down time.
      return { errors: aggregate('sum', groupBy, `1 - (${uptime} >= 0 <= 1)`), total: aggregate('count', groupBy, uptime) };
    }
    case 'raw': {
      // One event per series and second; the NaN of an idle 0/0 counts as no error, so an idle service is neither failing nor missing.
      const ratio = rawRatio(sli.errorRatio);
      const total = aggregate('count', groupBy, ratio);
      return { errors: `${aggregate('sum', groupBy, `${ratio} >= 0 <= ${MAX_ERROR_SHARE}`)} or 0 * ${total}`, total };
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


function rateOf(selector: Selector, extra: readonly LabelMatcher[] = []): string {
  return `rate(${renderSelector(selector, extra)}[${WINDOW}])`;
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
