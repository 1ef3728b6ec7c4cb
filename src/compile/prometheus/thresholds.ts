/** Threshold alerts: each condition kind rendered as the PromQL the guide meant, corrected. */
import type { Service, ThresholdAlert, ThresholdCondition } from '../../model/slo.ts';
import { LABEL, PROBE_ENDPOINT_LABEL } from '../../model/conventions.ts';
import { formatNumber } from '../../model/number.ts';
import { quote, renderSelector } from './promql.ts';
import type { AlertingRule } from './rule.ts';

export function thresholdRules(service: Service): AlertingRule[] {
  return service.alerts.map((alert) => thresholdRule(service, alert));
}

function thresholdRule(service: Service, alert: ThresholdAlert): AlertingRule {
  return {
    alert: alert.name,
    expr: condition(alert.condition),
    ...(alert.for ? { for: alert.for.text } : {}),
    labels: thresholdAlertLabels(service, alert),
    annotations: alert.annotations,
  };
}

export function thresholdAlertLabels(service: Service, alert: ThresholdAlert): Record<string, string> {
  return { [LABEL.service]: service.name, [LABEL.severity]: alert.severity, ...service.labels, ...alert.labels };
}

export function condition(c: ThresholdCondition): string {
  switch (c.kind) {
    case 'serviceDown':
      // A target that reports down, or a job that has vanished from discovery altogether.
      return `up{job=${quote(c.job)}} == 0 or absent(up{job=${quote(c.job)}})`;
    case 'errorRate':
      return `sum(rate(${renderSelector(c.errors)}[${c.window.text}])) / sum(rate(${renderSelector(c.total)}[${c.window.text}])) > ${formatNumber(c.above)}`;
    case 'latency': {
      const buckets = renderSelector({ ...c.histogram, metric: `${c.histogram.metric}_bucket` });
      return `histogram_quantile(${formatNumber(c.quantile)}, sum by (le) (rate(${buckets}[${c.window.text}]))) > ${formatNumber(c.aboveSeconds)}`;
    }
    case 'saturation': {
      const capacity = typeof c.capacity === 'number' ? formatNumber(c.capacity) : renderSelector(c.capacity);
      return `${renderSelector(c.used)} / ${capacity} > ${formatNumber(c.above)}`;
    }
    case 'diskFull':
      return `${renderSelector({ metric: 'node_filesystem_avail_bytes', matchers: c.filesystems })} / ${renderSelector({ metric: 'node_filesystem_size_bytes', matchers: c.filesystems })} < ${formatNumber(c.below)}`;
    case 'probeFailed':
      return `probe_success{job=${quote(c.job)},${PROBE_ENDPOINT_LABEL}=${quote(c.endpoint)}} == 0`;
    case 'probeSlow':
      return `probe_duration_seconds{job=${quote(c.job)},${PROBE_ENDPOINT_LABEL}=${quote(c.endpoint)}} > ${formatNumber(c.aboveSeconds)}`;
    case 'freshness': {
      // A gauge that stops being exported is as stale as one that stops moving.
      const timestamp = renderSelector(c.timestamp);
      return `time() - ${timestamp} > ${formatNumber(c.maxAge.seconds)} or absent(${timestamp})`;
    }
    case 'expr':
      return c.expr;
  }
}
