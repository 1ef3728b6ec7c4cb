/**
 * The backtest: the generated rule groups replayed level by level over a past range, the
 * raw series read from the user's Prometheus and the recorded ones from a private one,
 * then each alert's expression evaluated at its group's interval and `for` applied.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ruleGroups } from '../compile/prometheus/rules.ts';
import type { RuleGroup } from '../compile/prometheus/rule.ts';
import { LABEL, METRIC } from '../model/conventions.ts';
import type { Model } from '../model/slo.ts';
import type { Labels, PrometheusClient } from '../prometheus-api/client.ts';
import { firings, type Firing } from './firings.ts';
import { LocalPrometheus } from './local-prometheus.ts';
import { writeOpenMetrics, type RecordedSeries } from './openmetrics.ts';
import { inParallel } from './pool.ts';
import { chunks, evaluationTimes, labelsKey, merge, queryChunk, type EvaluatedSeries } from './range-query.ts';
import { forSeconds, name, ruleChain, type ReplayRule } from './rule-graph.ts';
import { checkRetention } from './retention.ts';

export interface BacktestOptions {
  /** Unix seconds. */
  readonly start: number;
  readonly end: number;
  /** Seconds between evaluations of groups without an interval of their own (Prometheus' evaluation_interval). */
  readonly step: number;
  /** Unix seconds now: the retention is counted back from it. */
  readonly now: number;
  /** Queries in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Per request to the private Prometheus. @default 120_000 */
  readonly timeoutMs?: number;
  readonly progress?: (line: string) => void;
}

export interface AlertFirings {
  readonly alertname: string;
  readonly labels: Labels;
  readonly firings: readonly Firing[];
  readonly firingSeconds: number;
}

/** An SLO's events over the range, from its replayed 5m rates: errors over all events. */
export interface SloErrorRatio {
  readonly service: string;
  readonly slo: string;
  /** Undefined when the range held no events. */
  readonly errorRatio: number | undefined;
}

export interface Backtest {
  readonly start: number;
  readonly end: number;
  readonly step: number;
  readonly alerts: readonly AlertFirings[];
  readonly slos: readonly SloErrorRatio[];
}

/** The config's generated rule groups, every service's. */
export function modelRuleGroups(model: Model): RuleGroup[] {
  return model.services.flatMap((service) => ruleGroups(model, service));
}

export async function backtest(groups: readonly RuleGroup[], server: PrometheusClient, options: BacktestOptions): Promise<Backtest> {
  const chain = ruleChain(groups, options.step);
  const from = options.start - chain.warmUp;
  await checkRetention(server, from, options);
  const progress = options.progress ?? (() => {});
  const concurrency = options.concurrency ?? 4;
  const recording = chain.recordingLevels.flat();
  const grid = Math.min(options.step, ...recording.map((r) => r.interval), ...chain.alerts.map((a) => a.interval));
  const rangeRead = new Set(recording.flatMap((r) => [...r.rangeReads]));
  const levels = chain.recordingLevels.length + 1;

  const work = await mkdtemp(join(tmpdir(), 'sloforge-backtest-'));
  const local = new LocalPrometheus(work, grid, options.end - from);
  let localClient: PrometheusClient | undefined;
  try {
    const evaluate = async (rules: readonly ReplayRule[], level: number) => {
      let done = 0;
      const tasks = rules.flatMap((rule) => {
        const client = clientFor(rule, server, localClient);
        const times = evaluationTimes(from, options.end, rule.interval);
        return chunks(times.first, times.last, rule.interval).map((range) => async () => {
          const result = await queryChunk(client, rule.rule.expr, range, rule.interval);
          progress(`backtest: level ${level}/${levels}, ${++done}/${tasks.length} queries`);
          return { rule, result };
        });
      });
      const answers = await inParallel(tasks, concurrency);
      return rules.map((rule) => merge(answers.filter((a) => a.rule === rule).flatMap((a) => a.result)));
    };

    const recorded: RecordedSeries[] = [];
    for (const [index, rules] of chain.recordingLevels.entries()) {
      const results = await evaluate(rules, index + 1);
      const series: RecordedSeries[] = rules.flatMap((rule, i) =>
        results[i]!.map((s) => ({ name: name(rule.rule), labels: outputLabels(s, rule), interval: rule.interval, repeat: !rangeRead.has(name(rule.rule)), values: s.values })),
      );
      recorded.push(...series);
      const file = join(work, `level-${index + 1}.om`);
      await writeOpenMetrics(file, series, grid);
      await local.add(file);
      localClient = await local.start(options.timeoutMs ?? 120_000);
    }

    const results = await evaluate(chain.alerts, levels);
    const alerts = chain.alerts.flatMap((rule, i) => alertFirings(rule, results[i]!, from, options));
    return { start: options.start, end: options.end, step: options.step, alerts, slos: errorRatios(recorded, options) };
  } finally {
    await local.stop();
    await rm(work, { recursive: true, force: true });
  }
}

/** Rules of level 1 read the user's server; the others, the replayed series. */
function clientFor(rule: ReplayRule, server: PrometheusClient, local: PrometheusClient | undefined): PrometheusClient {
  if (rule.readsRecorded.size === 0) return server;
  if (rule.readsRaw) throw new Error(`the backtest cannot replay ${name(rule.rule)} (group ${rule.group}): it reads the server's raw series and recorded series in one expression`);
  return local!;
}

/** The labels Prometheus gives a rule's output: the expression's, without the metric name, the rule's own labels over them. */
function outputLabels(series: EvaluatedSeries, rule: ReplayRule): Labels {
  const { __name__: _, ...labels } = series.labels;
  return { ...labels, ...(rule.rule.labels ?? {}) };
}

/** One entry per label set that fired, or one with the rule's labels if none did. */
function alertFirings(rule: ReplayRule, series: readonly EvaluatedSeries[], from: number, options: BacktestOptions): AlertFirings[] {
  const alertname = name(rule.rule);
  const times = evaluationTimes(from, options.end, rule.interval);
  const entries = series
    .map((s) => {
      const labels = sorted(outputLabels(s, rule));
      const fired = firings(new Set(s.values.keys()), times, rule.interval, forSeconds(rule.rule), options);
      return { alertname, labels, firings: fired, firingSeconds: fired.reduce((sum, f) => sum + f.end - f.start, 0) };
    })
    .filter((entry) => entry.firings.length > 0)
    .sort((a, b) => (labelsKey(a.labels) < labelsKey(b.labels) ? -1 : 1));
  return entries.length > 0 ? entries : [{ alertname, labels: sorted(rule.rule.labels ?? {}), firings: [], firingSeconds: 0 }];
}

function sorted(labels: Labels): Labels {
  return Object.fromEntries(Object.keys(labels).sort().map((k) => [k, labels[k]!]));
}

/** Each SLO's replayed 5m error and event rates summed over the range's evaluations: the event-weighted error ratio. */
function errorRatios(recorded: readonly RecordedSeries[], range: { start: number; end: number }): SloErrorRatio[] {
  const sums = new Map<string, { service: string; slo: string; errors: number; total: number }>();
  for (const series of recorded) {
    if (series.name !== METRIC.errorsRate5m && series.name !== METRIC.totalRate5m) continue;
    const service = series.labels[LABEL.service];
    const slo = series.labels[LABEL.slo];
    if (service === undefined || slo === undefined) continue;
    const key = JSON.stringify([service, slo]);
    const sum = sums.get(key) ?? sums.set(key, { service, slo, errors: 0, total: 0 }).get(key)!;
    let added = 0;
    for (const [t, v] of series.values) if (t > range.start && t <= range.end && Number.isFinite(v)) added += v;
    if (series.name === METRIC.errorsRate5m) sum.errors += added;
    else sum.total += added;
  }
  return [...sums.values()].sort((a, b) => (a.service === b.service ? (a.slo < b.slo ? -1 : 1) : a.service < b.service ? -1 : 1)).map((s) => ({ service: s.service, slo: s.slo, errorRatio: s.total > 0 ? s.errors / s.total : undefined }));
}
