/**
 * The config against a live Prometheus: selectors that match no series, latency
 * thresholds that are no bucket, counters that are not counters, uptime gauges that
 * are not 0/1. The mistakes no static check can see (pint's "series" check is the model).
 * It reads only what it needs: label values (index lookups), metadata, two instant queries
 * per uptime gauge.
 */
import type { Model, Selector } from '../model/slo.ts';
import { formatDuration } from '../model/duration.ts';
import { formatNumber } from '../model/number.ts';
import { renderSelector } from '../compile/prometheus/promql.ts';
import { leMatcher } from '../compile/prometheus/sli.ts';
import { closestMatch } from '../config/suggest.ts';
import { parseValue, type PrometheusClient, type Range } from '../prometheus-api/client.ts';
import { checkSubjects, type Subject } from './subjects.ts';
import type { CheckReport, Finding } from './findings.ts';

export interface CheckOptions {
  readonly lookbackSeconds: number;
  /** Unix seconds. */
  readonly now: number;
}

/** Rounded up: a range ending at the floor of now misses a sample scraped in the last second. */
export function checkNow(): number {
  return Math.ceil(Date.now() / 1000);
}

/** How many questions are in flight at once: enough to be quick, few enough not to load the server. */
const CONCURRENCY = 4;
/** Label values listed in a hint. */
const SHOWN_VALUES = 8;

export async function checkAgainstPrometheus(model: Model, client: PrometheusClient, options: CheckOptions): Promise<CheckReport> {
  const build = await client.buildInfo();
  const ask = new Questions(client, { start: options.now - options.lookbackSeconds, end: options.now });
  const lookback = formatDuration(options.lookbackSeconds);
  const perSubject = await inBatches(checkSubjects(model), (subject) => checkSubject(subject, ask, lookback));
  return { prometheus: { url: client.url, version: build.version }, lookback, findings: perSubject.flat() };
}

async function checkSubject(subject: Subject, ask: Questions, lookback: string): Promise<Finding[]> {
  const { selector, path } = subject;
  if (subject.use === 'histogram') {
    for (const suffix of ['_bucket', '_count']) {
      const part = { ...selector, metric: `${selector.metric}${suffix}` };
      if (!(await ask.exists(part))) return [await missing(part, path, ask, lookback, ` (the histogram ${selector.metric} must have ${selector.metric}_bucket and ${selector.metric}_count series)`)];
    }
    return [...(await histogramType(subject, ask)), ...(subject.threshold ? await thresholdBucket(subject, subject.threshold, ask) : [])];
  }
  if (!(await ask.exists(selector))) return [await missing(selector, path, ask, lookback, '')];
  if (subject.use === 'counter') return counterType(subject, ask);
  if (subject.use === 'zeroToOne') return zeroToOne(subject, ask, lookback);
  return [];
}

/** Why a selector matches nothing: no such metric, or which of its matchers rules every series out. */
async function missing(selector: Selector, path: string, ask: Questions, lookback: string, context: string): Promise<Finding> {
  const shown = renderSelector(selector);
  const prefix = `\`${shown}\` matches no series in the last ${lookback}${context}`;
  const bare = { metric: selector.metric, matchers: [] };
  if (!(await ask.exists(bare))) {
    const similar = closestMatch(selector.metric, await ask.metricNames());
    return {
      path,
      level: 'error',
      message: `${prefix}: there is no metric ${selector.metric}${similar ? `; did you mean ${similar}?` : ''}`,
      fix: similar ? `rename it to ${similar}` : 'check the name against the service\'s /metrics, and that this Prometheus scrapes the service',
    };
  }
  for (const matcher of selector.matchers) {
    if (await ask.exists({ metric: selector.metric, matchers: [matcher] })) continue;
    const values = await ask.labelValues(matcher.name, bare);
    const shownMatcher = renderSelector({ metric: '', matchers: [matcher] });
    if (values.length === 0) {
      return { path, level: 'error', message: `${prefix}: no series of ${selector.metric} has a ${matcher.name} label`, fix: `drop the matcher ${shownMatcher}, or name a label ${selector.metric} has` };
    }
    const similar = matcher.op === '=' ? closestMatch(matcher.value, values) : undefined;
    return {
      path,
      level: 'error',
      message: `${prefix}: no series of ${selector.metric} matches ${shownMatcher}; its ${matcher.name} values are ${listed(values)}`,
      fix: similar ? `did you mean ${matcher.name}="${similar}"?` : `match one of the existing ${matcher.name} values`,
    };
  }
  return {
    path,
    level: 'error',
    message: `${prefix}: each of its matchers matches series of ${selector.metric}, but no series matches them all`,
    fix: `look at the series of ${selector.metric} (e.g. \`count by (${selector.matchers.map((m) => m.name).join(', ')}) (${selector.metric})\`) and match one that exists`,
  };
}

/** A counter SLI takes rate() of its series: a gauge there gives a number with no meaning. */
async function counterType(subject: Subject, ask: Questions): Promise<Finding[]> {
  const { metric } = subject.selector;
  const family = await ask.family(metric);
  if (!family) return [unknownType(subject, 'a counter')];
  const counterLike = family.types.every((type) => type === 'counter' || (family.name !== metric && (type === 'histogram' || type === 'summary')));
  if (counterLike) return [];
  if (family.types.every((type) => type === 'unknown')) return [unknownType(subject, 'a counter')];
  return [
    {
      path: subject.path,
      level: 'error',
      message: `${metric} is a ${family.types.join(' and ')} (its targets' metadata says so), but this SLI takes rate() of it, which is meaningful only for a counter`,
      fix: 'use a counter of the events (usually named …_total); for a gauge of good/bad state use an uptime SLI',
    },
  ];
}

async function histogramType(subject: Subject, ask: Questions): Promise<Finding[]> {
  const { metric } = subject.selector;
  const family = await ask.family(metric);
  if (!family || family.types.every((type) => type === 'unknown')) return [unknownType(subject, 'a histogram')];
  if (family.types.every((type) => type === 'histogram')) return [];
  return [
    {
      path: subject.path,
      level: 'error',
      message: `${metric} is a ${family.types.join(' and ')} (its targets' metadata says so), not a histogram`,
      fix: 'name a classic histogram (one with _bucket series), without its suffix',
    },
  ];
}

function unknownType(subject: Subject, expected: string): Finding {
  return {
    path: subject.path,
    level: 'note',
    message: `${subject.selector.metric} has series, but Prometheus has no type metadata for it: it cannot be confirmed to be ${expected}`,
    fix: `make sure the exporter declares # TYPE for ${subject.selector.metric}`,
  };
}

/** The threshold must be one of the histogram's `le` values, in a spelling the generated matcher matches. */
async function thresholdBucket(subject: Subject, threshold: NonNullable<Subject['threshold']>, ask: Questions): Promise<Finding[]> {
  const bucket = { ...subject.selector, metric: `${subject.selector.metric}_bucket` };
  const les = await ask.labelValues('le', bucket);
  const boundaries = [...new Set(les)].map((text) => ({ text, value: parseValue(text) })).sort((a, b) => a.value - b.value);
  const same = boundaries.filter((b) => sameNumber(b.value, threshold.seconds));
  const listedBuckets = boundaries.map((b) => b.text).join(', ');
  if (same.length === 0) {
    const below = boundaries.filter((b) => b.value < threshold.seconds).at(-1);
    const above = boundaries.find((b) => b.value > threshold.seconds && Number.isFinite(b.value));
    const nearest = [below, above].filter((b) => b !== undefined).map((b) => formatNumber(b.value));
    return [
      {
        path: threshold.path,
        level: 'error',
        message: `${formatNumber(threshold.seconds)}s is not a bucket of ${subject.selector.metric}: its le values are ${listedBuckets}`,
        fix: `set the threshold to a bucket boundary${nearest.length ? ` (${nearest.join(' or ')})` : ''}, or add a ${formatNumber(threshold.seconds)} bucket to the histogram in the service`,
      },
    ];
  }
  const pattern = new RegExp(`^(?:${leMatcher(threshold.seconds).value})$`);
  if (same.some((b) => pattern.test(b.text))) return [];
  return [
    {
      path: threshold.path,
      level: 'error',
      message: `the bucket is spelled le="${same[0]!.text}", which the generated rules' matcher (${pattern.source}) does not match`,
      fix: 'have the exporter write the bucket boundary in its shortest form, as Prometheus client libraries do',
    },
  ];
}

/** An uptime SLI averages the gauge as the share of time it is 1: values outside 0..1 make a wrong SLI. */
async function zeroToOne(subject: Subject, ask: Questions, lookback: string): Promise<Finding[]> {
  const shown = renderSelector(subject.selector);
  const [low, high] = await Promise.all([ask.scalar(`min(min_over_time(${shown}[${lookback}]))`), ask.scalar(`max(max_over_time(${shown}[${lookback}]))`)]);
  if (low === undefined || high === undefined || (low >= 0 && high <= 1)) return [];
  return [
    {
      path: subject.path,
      level: 'error',
      message: `\`${shown}\` ranges from ${formatNumber(low)} to ${formatNumber(high)} in the last ${lookback}; an uptime SLI needs a gauge that is 1 when up and 0 when down`,
      fix: 'use a 0/1 gauge such as up or probe_success, or a raw SLI whose expression yields an error ratio',
    },
  ];
}

function sameNumber(a: number, b: number): boolean {
  return a === b || Number(a.toPrecision(12)) === Number(b.toPrecision(12));
}

function listed(values: readonly string[]): string {
  const sorted = [...values].sort();
  const shown = sorted.slice(0, SHOWN_VALUES).map((v) => `"${v}"`).join(', ');
  return sorted.length > SHOWN_VALUES ? `${shown} and ${sorted.length - SHOWN_VALUES} more` : shown;
}

/** The questions the check asks, each asked once however many selectors share it. */
class Questions {
  private readonly answers = new Map<string, Promise<unknown>>();

  constructor(
    private readonly client: PrometheusClient,
    private readonly range: Range,
  ) {}

  private once<T>(key: string, ask: () => Promise<T>): Promise<T> {
    if (!this.answers.has(key)) this.answers.set(key, ask());
    return this.answers.get(key) as Promise<T>;
  }

  /** Label values of `__name__` are one index lookup and one short answer, however many series match. */
  exists(selector: Selector): Promise<boolean> {
    const shown = renderSelector(selector);
    return this.once(`exists ${shown}`, async () => (await this.client.labelValues('__name__', [shown], this.range)).length > 0);
  }

  labelValues(label: string, selector: Selector): Promise<string[]> {
    const shown = renderSelector(selector);
    return this.once(`values ${label} ${shown}`, () => this.client.labelValues(label, [shown], this.range));
  }

  metricNames(): Promise<string[]> {
    return this.once('names', () => this.client.labelValues('__name__', [], this.range));
  }

  /**
   * The metric family a series name belongs to, and the types its targets declare:
   * `x_total` may be declared as `x_total` (Prometheus text) or `x` (OpenMetrics);
   * `x_bucket`, `x_count`, `x_sum` belong to the histogram or summary `x`.
   */
  family(metric: string): Promise<{ name: string; types: string[] } | undefined> {
    return this.once(`family ${metric}`, async () => {
      const stem = metric.replace(/_(total|bucket|count|sum|created)$/, '');
      for (const name of stem === metric ? [metric] : [metric, stem]) {
        const entries = await this.client.metadata(name);
        if (entries.length) return { name, types: [...new Set(entries.map((e) => e.type))].sort() };
      }
      return undefined;
    });
  }

  scalar(expr: string): Promise<number | undefined> {
    return this.once(`query ${expr}`, async () => (await this.client.query(expr, this.range.end))[0]?.value);
  }
}

async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return results;
}
