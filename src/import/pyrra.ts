/**
 * Pyrra's `ServiceLevelObjective` (pyrra.dev/v1alpha1) → a sloforge SLO. Pyrra's four
 * alert windows scale with the SLO window (`Windows()` in Pyrra's slo/rules.go, rounded to the minute: for 28d
 * 1h/5m 14x, 6h/30m 7x, 1d/2h 2x, 4d/6h 1x); they are written out as tiers with the same
 * windows, factors and `for`, the factor as the budget share sloforge derives it from.
 */
import type { AlertingConfig, SliConfig, SloConfig, TierConfig } from '../config/types.ts';
import { formatDuration, parseDuration } from '../model/duration.ts';
import { formatNumber } from '../model/number.ts';
import type { Imported } from './imported.ts';
import { budgetPercentForFactor, isRecord, LossList, percentObjective, sloforgeName, importedGroupBy, userLabels } from './imported.ts';
import { type SourceRef, sourcePath } from './losses.ts';
import { isSelector } from './queries.ts';

type Spec = Record<string, unknown>;

/** Pyrra's windows as fractions of the SLO window, with their factor and severity. */
const PYRRA_WINDOWS = [
  { tier: 'fastPage', long: 1 / (28 * 24), short: 1 / (28 * 24 * 12), for: 1 / (28 * 24 * 30), factor: 14, severity: 'critical' },
  { tier: 'slowPage', long: 1 / (28 * 4), short: 1 / (28 * 24 * 2), for: 1 / (28 * 24 * 4), factor: 7, severity: 'critical' },
  { tier: 'fastTicket', long: 1 / 28, short: 1 / (28 * 12), for: 1 / (28 * 24), factor: 2, severity: 'warning' },
  { tier: 'slowTicket', long: 1 / 7, short: 1 / (28 * 4), for: 1 / (28 * 8), factor: 1, severity: 'warning' },
] as const;

/** Pyrra propagates only the labels under this prefix to its rules, prefix stripped. */
const PROPAGATED = 'pyrra.dev/';

export function importPyrra(document: Spec, source: SourceRef): Imported {
  const losses: LossList = new LossList(source);
  const metadata = isRecord(document.metadata) ? document.metadata : {};
  if (typeof metadata.name !== 'string') losses.fail('metadata.name', 'a ServiceLevelObjective needs a name');
  if (!isRecord(document.spec)) losses.fail('spec', 'a ServiceLevelObjective needs a spec');
  const spec = document.spec;
  const service = sloforgeName(typeof metadata.namespace === 'string' ? metadata.namespace : 'default', 'metadata.namespace', losses);
  const objective = percentObjective(spec.target, 'spec.target', losses);
  const periodText = typeof spec.window === 'string' ? spec.window : '28d';
  const period = parseDuration(periodText);
  if (period === undefined) losses.fail('spec.window', `the window must be a duration such as 28d or 4w, got ${JSON.stringify(spec.window)}`);
  const sli = importIndicator(spec.indicator, losses);
  if (!sli) return { slos: [], dropped: losses.items.filter((l) => l.dropsSlo).map((loss) => ({ service, loss })) };

  const labels = userLabels(propagatedLabels(metadata.labels), 'metadata.labels', losses);
  const slo: SloConfig = {
    name: sloforgeName(metadata.name, 'metadata.name', losses),
    ...(typeof spec.description === 'string' && spec.description !== '' ? { description: spec.description } : {}),
    objective,
    period: periodText,
    sli,
    ...(labels ? { labels } : {}),
    alerting: importAlerting(spec.alerting, period, losses),
  };
  return { slos: [{ service, slo, origin: { file: source.file, path: sourcePath(source, 'metadata.name') }, losses: losses.items }], dropped: [] };
}

function propagatedLabels(labels: unknown): Record<string, unknown> | undefined {
  if (!isRecord(labels)) return undefined;
  const kept = Object.entries(labels).filter(([name]) => name.startsWith(PROPAGATED));
  return kept.length > 0 ? Object.fromEntries(kept.map(([name, value]) => [name.slice(PROPAGATED.length), value])) : undefined;
}

function metric(value: unknown, path: string, losses: LossList): string {
  const text = isRecord(value) ? value.metric : undefined;
  if (typeof text !== 'string' || text.trim() === '') losses.fail(`${path}.metric`, 'needs a metric selector');
  if (!isSelector(text)) losses.fail(`${path}.metric`, `Pyrra expects a metric selector such as http_requests_total{code=~"5.."}, got ${JSON.stringify(text)}`);
  return text.trim();
}

function importIndicator(indicator: unknown, losses: LossList): SliConfig | undefined {
  if (!isRecord(indicator)) losses.fail('spec.indicator', 'a Pyrra spec needs an indicator: ratio, latency, latencyNative or bool_gauge');
  const kinds = Object.keys(indicator);
  if (kinds.length !== 1) losses.fail('spec.indicator', `needs exactly one of ratio, latency, latencyNative, bool_gauge; got ${kinds.length === 0 ? 'none' : kinds.join(', ')}`);
  const at = `spec.indicator.${kinds[0]}`;
  const body = indicator[kinds[0]!];
  if (!isRecord(body)) losses.fail(at, 'must be an object');
  const groupBy = importedGroupBy(Array.isArray(body.grouping) ? body.grouping.map(String) : undefined);
  const grouped = groupBy ? { groupBy } : {};
  switch (kinds[0]) {
    case 'ratio':
      return { ratio: { errors: metric(body.errors, `${at}.errors`, losses), total: metric(body.total, `${at}.total`, losses), ...grouped } };
    case 'latency': {
      const success = metric(body.success, `${at}.success`, losses);
      const total = metric(body.total, `${at}.total`, losses);
      const histogram = asHistogram(success, total);
      if (histogram) return { latency: { histogram: histogram.histogram, threshold: Number(histogram.le), ...grouped } };
      losses.add(at, 'success and total are not the _bucket{le} and _count of one histogram with the same matchers; imported as a ratio of good to total events');
      return { ratio: { good: success, total, ...grouped } };
    }
    case 'latencyNative': {
      const total = metric(body.total, `${at}.total`, losses);
      const latency = typeof body.latency === 'string' ? goDurationSeconds(body.latency) : undefined;
      if (latency === undefined) losses.fail(`${at}.latency`, `needs a duration such as 1s, got ${JSON.stringify(body.latency)}`);
      losses.add(at, 'sloforge records no native histograms; imported as a raw error ratio (histogram_fraction), which windows of a day or more average over time instead of weighting by events');
      const by = groupBy ? ` by (${groupBy.join(', ')})` : '';
      return { raw: { errorRatio: `1 - histogram_fraction(0, ${formatNumber(latency)}, sum${by} (rate(${total}[$window])))`, ...grouped } };
    }
    case 'bool_gauge':
      return { uptime: { gauge: metric(body, at, losses), ...grouped } };
    default:
      losses.add(at, `indicator "${kinds[0]}" is not one Pyrra defines (ratio, latency, latencyNative, bool_gauge)`, true);
      return undefined;
  }
}

/** A Go duration as Pyrra's `latency` is written: `1s`, `0.5s`, `250ms`, `1m30s`. */
function goDurationSeconds(text: string): number | undefined {
  const decimal = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$/.exec(text);
  if (!decimal) return parseDuration(text);
  return Number(decimal[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[decimal[2] as 'ms' | 's' | 'm' | 'h'];
}

/** `x_bucket{a="b",le="0.1"}` and `x_count{a="b"}` → histogram `x{a="b"}` at 0.1. */
function asHistogram(success: string, total: string): { histogram: string; le: string } | undefined {
  const bucket = /^([a-zA-Z_:][a-zA-Z0-9_:]*)_bucket\{(.*)\}$/.exec(success);
  const count = /^([a-zA-Z_:][a-zA-Z0-9_:]*)_count(?:\{(.*)\})?$/.exec(total);
  if (!bucket || !count || bucket[1] !== count[1]) return undefined;
  const matchers = bucket[2]!.split(',').map((m) => m.trim()).filter((m) => m !== '');
  const le = matchers.find((m) => /^le\s*=\s*"/.test(m));
  const others = matchers.filter((m) => m !== le);
  const countMatchers = (count[2] ?? '').split(',').map((m) => m.trim()).filter((m) => m !== '');
  const value = le ? /"([^"]*)"/.exec(le)?.[1] : undefined;
  if (value === undefined || !Number.isFinite(Number(value)) || others.sort().join(',') !== [...countMatchers].sort().join(',')) return undefined;
  return { histogram: others.length > 0 ? `${bucket[1]}{${others.join(',')}}` : bucket[1]!, le: value };
}

/** Pyrra rounds every scaled window to the minute (Go's Duration.Round, halves away from zero). */
function toMinute(seconds: number): number {
  return Math.max(60, Math.round(seconds / 60) * 60);
}

function importAlerting(alerting: unknown, periodSeconds: number, losses: LossList): AlertingConfig | false {
  const spec = isRecord(alerting) ? alerting : {};
  if (spec.disabled === true) return false;
  const tiers: Record<string, TierConfig | false> = {};
  for (const window of PYRRA_WINDOWS) {
    const longWindow = toMinute(window.long * periodSeconds);
    // Whole minutes from 1m up, as sloforge's windows below 5m are: Pyrra's 1m and 3m (7d, 2w) come across as they are.
    const shortWindow = toMinute(window.short * periodSeconds);
    tiers[window.tier] = spec.burnrates === false ? false : {
      budgetPercent: budgetPercentForFactor(window.factor, longWindow, periodSeconds),
      longWindow: formatDuration(longWindow),
      shortWindow: formatDuration(shortWindow),
      severity: window.severity,
      for: formatDuration(toMinute(window.for * periodSeconds)),
    };
  }
  return {
    ...(typeof spec.name === 'string' && spec.name !== '' ? { name: spec.name } : {}),
    tiers,
    ...(spec.absent === false ? { noData: false } : {}),
  };
}
