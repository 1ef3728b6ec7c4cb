/**
 * The backtest: the generated rule groups replayed level by level over a past range, the
 * raw series read from the user's Prometheus and the recorded ones from a private one,
 * then each alert's expression evaluated at its group's interval and `for` applied.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ruleGroups } from '../compile/prometheus/rules.ts';
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

export interface Backtest {
  readonly start: number;
  readonly end: number;
  readonly step: number;
  readonly alerts: readonly AlertFirings[];
}

export async function backtest(model: Model, server: PrometheusClient, options: BacktestOptions): Promise<Backtest> {
  const groups = model.services.flatMap((service) => ruleGroups(model, service));
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

    for (const [index, rules] of chain.recordingLevels.entries()) {
      const results = await evaluate(rules, index + 1);
      const series: RecordedSeries[] = rules.flatMap((rule, i) =>
        results[i]!.map((s) => ({ name: name(rule.rule), labels: outputLabels(s, rule), interval: rule.interval, repeat: !rangeRead.has(name(rule.rule)), values: s.values })),
      );
      const file = join(work, `level-${index + 1}.om`);
      await writeOpenMetrics(file, series, grid);
      await local.add(file);
      localClient = await local.start(options.timeoutMs ?? 120_000);
    }

    const results = await evaluate(chain.alerts, levels);
    const alerts = chain.alerts.flatMap((rule, i) => alertFirings(rule, results[i]!, from, options));
    return { start: options.start, end: options.end, step: options.step, alerts };
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
