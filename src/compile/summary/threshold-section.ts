/** A service's threshold alerts: what each compares, against what, for how long, and who is told. */
import type { Routing, Service, ThresholdCondition } from '../../model/slo.ts';
import { formatDuration } from '../../model/duration.ts';
import { formatNumber, formatPercentRounded } from '../../model/number.ts';
import { renderSelector } from '../prometheus/promql.ts';
import { receiverOf } from './routing-section.ts';
import { code, prose } from './markdown.ts';

export function thresholdSection(service: Service, routing: Routing | undefined): string[] {
  if (service.alerts.length === 0) return [];
  return [
    `## ${service.name}: threshold alerts`,
    '',
    '| alert | severity | goes to | fires when | for |',
    '|---|---|---|---|---|',
    ...service.alerts.map((alert) => `| ${alert.name} | ${prose(alert.severity)} | ${receiverOf(alert.severity, routing)} | ${firesWhen(alert.condition)} | ${alert.for?.text ?? 'at once'} |`),
    '',
  ];
}

/** The condition in words, numbers in their units. */
export function firesWhen(condition: ThresholdCondition): string {
  switch (condition.kind) {
    case 'serviceDown':
      return `a target of job ${code(condition.job)} is down, or the job has no targets`;
    case 'errorRate':
      return `the error ratio ${code(renderSelector(condition.errors))} / ${code(renderSelector(condition.total))} over ${condition.window.text} > ${formatPercentRounded(condition.above)}`;
    case 'latency':
      return `the p${formatNumber(condition.quantile * 100)} latency of ${code(renderSelector(condition.histogram))} over ${condition.window.text} > ${formatDuration(condition.aboveSeconds)}`;
    case 'saturation':
      return `${code(renderSelector(condition.used))} as a share of ${typeof condition.capacity === 'number' ? formatNumber(condition.capacity) : code(renderSelector(condition.capacity))} > ${formatPercentRounded(condition.above)}`;
    case 'diskFull':
      return `free disk space < ${formatPercentRounded(condition.below)} on ${code(renderSelector({ metric: '', matchers: condition.filesystems }))}`;
    case 'probeFailed':
      return `the ${code(condition.endpoint)} probe fails`;
    case 'probeSlow':
      return `the ${code(condition.endpoint)} probe takes longer than ${formatDuration(condition.aboveSeconds)}`;
    case 'freshness':
      return `the timestamp ${code(renderSelector(condition.timestamp))} is older than ${condition.maxAge.text}, or absent`;
    case 'expr':
      return `${code(condition.expr)} returns a series`;
  }
}
