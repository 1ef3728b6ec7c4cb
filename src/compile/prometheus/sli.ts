/**
 * The two series every SLI kind is reduced to, over 5m: error events per second and
 * all events per second. Every longer window is built from these (see recording.ts).
 */
import type { LabelMatcher, Selector, Sli } from '../../model/slo.ts';
import { formatNumber } from '../../model/number.ts';
import { RAW_WINDOW_PLACEHOLDER } from '../../model/conventions.ts';
import { aggregate, renderSelector } from './promql.ts';

export interface SliRates {
  readonly errors: string;
  readonly total: string;
}

const WINDOW = '5m';

export function sliRates(sli: Sli, groupBy: readonly string[]): SliRates {
  const rate = (selector: Selector, extra: readonly LabelMatcher[] = []) =>
    aggregate('sum', groupBy, `rate(${renderSelector(selector, extra)}[${WINDOW}])`);
  switch (sli.kind) {
    case 'ratio': {
      const total = rate(sli.total);
      if (sli.events === 'errors') return { errors: `${rate(sli.selector)} or 0 * ${total}`, total };
      return { errors: errorsFromGood(rate(sli.selector), total), total };
    }
    case 'latency': {
      const bucket = { ...sli.histogram, metric: `${sli.histogram.metric}_bucket` };
      const count = { ...sli.histogram, metric: `${sli.histogram.metric}_count` };
      const total = rate(count);
      return { errors: errorsFromGood(rate(bucket, [leMatcher(sli.thresholdSeconds)]), total), total };
    }
    case 'uptime': {
      const uptime = `avg_over_time(${renderSelector(sli.gauge)}[${WINDOW}])`;
      return { errors: aggregate('sum', groupBy, `1 - ${uptime}`), total: aggregate('count', groupBy, uptime) };
    }
    case 'raw': {
      // One event per series and second; the NaN of an idle 0/0 counts as no error, so an idle service is neither failing nor missing.
      const ratio = `(${sli.errorRatio.replaceAll(RAW_WINDOW_PLACEHOLDER, WINDOW)})`;
      const total = aggregate('count', groupBy, ratio);
      return { errors: `${aggregate('sum', groupBy, `${ratio} >= 0`)} or 0 * ${total}`, total };
    }
  }
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
