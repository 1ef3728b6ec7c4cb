/**
 * The PromQL that reads one SLO's period from the raw series its SLI names, so a period
 * from before sloforge's rules were deployed reads the same. Every query is an instant
 * query at the period's end over a range of exactly the period.
 *
 * Counters (ratio, latency) are event-weighted: `increase` over the whole period, errors
 * summed over all series divided by events summed over all series. Gauges (uptime) and raw
 * ratios are time-weighted at a 1m step. Coverage is the share of 1m steps in which the
 * SLI's event series had a sample in the minute before: it needs a scrape interval of at most 1m.
 * A groupBy SLO's queries keep its labels: one answer per group.
 */
import type { Selector, Slo } from '../model/slo.ts';
import { aggregate, aggregateSource, renderSelector } from '../compile/prometheus/promql.ts';
import { histogramSeries, leMatcher, rawRatio } from '../compile/prometheus/sli.ts';
import { LABEL } from '../model/conventions.ts';

/** The time-weighted SLIs' and the coverage's resolution. */
export const STEP_SECONDS = 60;

export interface PeriodQueries {
  /** Bad events (or bad steps) in the period, by the SLO's groupBy labels. */
  readonly errors: string;
  /** All events (or covered steps) in the period. */
  readonly total: string;
  /** Steps in which the SLI had data. */
  readonly coveredSteps: string;
}

export interface AlertQueries {
  /** Minutes each of the SLO's alerts was firing, by alertname, severity and groupBy labels (summed over its other series). */
  readonly firingMinutes: string;
  /** Firings that began in the period: minutes firing after a minute that was not. */
  readonly firings: string;
}

export function periodQueries(slo: Pick<Slo, 'service' | 'name' | 'sli' | 'groupBy' | 'sourceGroupBy'>, rangeSeconds: number): PeriodQueries {
  const range = `[${rangeSeconds}s]`;
  const steps = stepsOf(rangeSeconds);
  // Groups labelled as the alerts are (a metric's own service as exported_service), which the report matches them by.
  const sum = (expression: string) => aggregateSource('sum', slo, expression);
  const count = (expression: string) => aggregateSource('count', slo, expression);
  const increase = (selector: Selector, extra = [] as Parameters<typeof renderSelector>[1]) => sum(`increase(${renderSelector(selector, extra)}${range})`);
  const covered = (selector: string) => `count_over_time((${count(`count_over_time(${selector}[${STEP_SECONDS}s])`)})${steps})`;
  const { sli } = slo;
  switch (sli.kind) {
    case 'ratio': {
      const total = increase(sli.total);
      const errors = sli.events === 'errors' ? increase(sli.selector) : `(${total} - ${increase(sli.selector)})`;
      return { errors, total, coveredSteps: covered(renderSelector(sli.total)) };
    }
    case 'latency': {
      const { count: events, bucket } = histogramSeries(sli.histogram);
      const total = increase(events);
      return { errors: `(${total} - ${increase(bucket, [leMatcher(sli.thresholdSeconds)])})`, total, coveredSteps: covered(renderSelector(events)) };
    }
    case 'uptime': {
      // The last sample of the minute, so a gap counts as no data rather than as the value before it.
      const gauge = `(last_over_time(${renderSelector(sli.gauge)}[${STEP_SECONDS}s]) >= 0 <= 1)`;
      return { errors: `sum_over_time((${sum(`1 - ${gauge}`)})${steps})`, total: `sum_over_time((${count(gauge)})${steps})`, coveredSteps: covered(renderSelector(sli.gauge)) };
    }
    case 'raw': {
      const ratio = `(${rawRatio(sli.errorRatio)} >= 0 <= 1)`;
      return { errors: `sum_over_time((${sum(ratio)})${steps})`, total: `sum_over_time((${count(ratio)})${steps})`, coveredSteps: `count_over_time((${count(ratio)})${steps})` };
    }
  }
}

/**
 * The SLO's alerts in the period from `ALERTS`: a minute counts as firing when the series had a sample in it,
 * so a backfilled or restarted server without stale markers is read the same (it needs an evaluation interval of at most 1m).
 */
export function alertQueries(slo: Pick<Slo, 'service' | 'name' | 'groupBy'>, rangeSeconds: number): AlertQueries {
  const alerts = `ALERTS{alertstate="firing",${LABEL.service}=${JSON.stringify(slo.service)},${LABEL.slo}=${JSON.stringify(slo.name)}}`;
  const firing = `last_over_time(${alerts}[${STEP_SECONDS}s])`;
  const started = `(${firing} unless last_over_time(${alerts}[${STEP_SECONDS}s] offset ${STEP_SECONDS}s))`;
  const steps = stepsOf(rangeSeconds);
  const by = ['alertname', 'severity', ...slo.groupBy];
  return {
    firingMinutes: aggregate('sum', by, `count_over_time(${firing}${steps})`),
    firings: aggregate('sum', by, `count_over_time(${started}${steps})`),
  };
}

/**
 * One step less than the range, so the steps are the range's last instant and every minute before it back to the
 * first minute's end: as many steps as minutes, each reading the samples of the minute before it.
 */
function stepsOf(rangeSeconds: number): string {
  return `[${rangeSeconds - 1}s:${STEP_SECONDS}s]`;
}
