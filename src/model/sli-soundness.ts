/**
 * Which SLIs can carry data no healthy-or-failing service produces: the data that
 * counts as no errors and raises SLIBroken instead (compile/prometheus/sli-broken.ts
 * writes the PromQL; the summary says it in words).
 */
import type { LabelMatcher, Selector, Sli } from './slo.ts';

/** True when `part` has all of `whole`'s matchers on the same metric, so it can only count some of its events. */
export function countsSubset(part: Selector, whole: Selector): boolean {
  const same = (a: LabelMatcher, b: LabelMatcher) => a.name === b.name && a.op === b.op && a.value === b.value;
  return part.metric === whole.metric && whole.matchers.every((m) => part.matchers.some((p) => same(m, p)));
}

/** What makes the SLI's data impossible, in words; undefined when nothing can be told from an outage. */
export function impossibleData(sli: Sli): string | undefined {
  switch (sli.kind) {
    case 'latency':
      return 'a histogram series has a count but no bucket at the latency threshold';
    case 'ratio':
      return sli.events === 'good' || countsSubset(sli.selector, sli.total) ? undefined : 'the errors selector counts more than twice the events of the total selector';
    case 'uptime':
      return 'the gauge reads a value outside 0..1';
    case 'raw':
      return 'the error ratio is below 0 or above 2';
  }
}
