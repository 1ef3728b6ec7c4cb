/**
 * How each SLI kind can be certainly misconfigured, as a PromQL condition per group and
 * the words that tell the user what to fix. The conditions mirror what sli.ts leaves out
 * of the errors; they read instant vectors, or one 5m rate beside the recorded total.
 *
 * A ratio whose errors selector adds matchers to total's cannot count more: it gets no check.
 * Not detected, because a real outage looks the same: a `good` counter that is missing
 * while total has traffic (client libraries create labelled counters on first use, so
 * "no success yet" can be a total outage), and errors between 1x and 2x the total.
 */
import type { Selector } from '../../model/slo.ts';
import { formatNumber } from '../../model/number.ts';
import { countsSubset } from '../../model/sli-soundness.ts';
import { aggregateSource, renderSelector } from './promql.ts';
import { groupLabels } from '../../model/group-labels.ts';
import { MAX_ERROR_SHARE, histogramSeries, leMatcher, onGroup, rawRatio, type SloSli } from './sli.ts';
import { escapeTemplate, groupQuery } from './template.ts';

export interface SliBrokenCheck {
  /** One sample per broken group, with the groupBy labels. */
  readonly expr: string;
  /** Follows the SLO's name: "… has no bucket at its 250ms threshold". */
  readonly summary: string;
  readonly description: string;
}

const UNTIL_FIXED = 'Until it is fixed that data counts as no errors, so the burn-rate alerts cannot page for it.';

export function sliBrokenCheck(slo: SloSli): SliBrokenCheck | undefined {
  const { sli, groupBy } = slo;
  const shown = (selector: Selector) => `\`${escapeTemplate(renderSelector(selector))}\``;
  switch (sli.kind) {
    case 'latency': {
      const { count, bucket } = histogramSeries(sli.histogram);
      const le = formatNumber(sli.thresholdSeconds);
      const buckets = groupQuery((group) => `count by (le) (${renderSelector(bucket, [...group, { name: 'le', op: '!=', value: '+Inf' }])})`, groupLabels(slo));
      return {
        expr: aggregateSource('count', slo, `${renderSelector(count)} unless ignoring (le) ${renderSelector(bucket, [leMatcher(sli.thresholdSeconds)])}`),
        summary: `has no histogram bucket at its ${le}s latency threshold`,
        description:
          `The histogram ${shown(sli.histogram)} has no bucket le="${le}" in {{ $value }} of its series: their count is there but not the bucket ` +
          `at the threshold, so the SLI cannot tell fast requests from slow ones. Its buckets are ` +
          `{{ range $i, $bucket := ${buckets} | sortByLabel "le" }}{{ if $i }}, {{ end }}{{ $bucket.Labels.le }}{{ end }}. ` +
          `Set the SLO's latency threshold to one of them, or give the histogram a ${le} bucket. ${UNTIL_FIXED}`,
      };
    }
    case 'ratio': {
      if (sli.events === 'good' || countsSubset(sli.selector, sli.total)) return undefined;
      // Both rates from the raw series: the check reads no recorded series, so it holds whatever the recording rules do.
      const rate = (selector: Selector) => aggregateSource('sum', slo, `rate(${renderSelector(selector)}[5m])`);
      return {
        expr: `${rate(sli.selector)} / ${onGroup(groupBy)} ${rate(sli.total)} > ${MAX_ERROR_SHARE}`,
        summary: 'counts more errors than events',
        description:
          `Over the last 5m the errors selector ${shown(sli.selector)} counted {{ printf "%.1f" $value }} times as many events as the total ` +
          `selector ${shown(sli.total)}, and errors must be some of those events: give both the same metric and matchers, errors with one ` +
          `more (such as code=~"5.."). ${UNTIL_FIXED}`,
      };
    }
    case 'uptime':
      return {
        expr: aggregateSource('count', slo, `abs(${renderSelector(sli.gauge)} - 0.5) > 0.5`),
        summary: 'reads a gauge outside 0..1',
        description:
          `{{ $value }} series of the gauge ${shown(sli.gauge)} are outside 0..1, so it is no up/down gauge; an uptime SLI needs one ` +
          `that is 1 when up and 0 when down, such as up or probe_success. ${UNTIL_FIXED}`,
      };
    case 'raw':
      return {
        expr: aggregateSource('count', slo, `abs(${rawRatio(sli.errorRatio)} - 1) > 1`),
        summary: 'has an error ratio below 0 or above 2',
        description:
          `The error ratio expression returns {{ $value }} series below 0 or above ${MAX_ERROR_SHARE} over 5m; an error ratio lies ` +
          `between 0 and 1, so its numerator counts something its denominator does not. ${UNTIL_FIXED}`,
      };
  }
}

