/**
 * Rule cost in a real Prometheus: each rule set alone in its own Prometheus on the same
 * backfilled data, every group evaluated at a short interval; the evaluation time of
 * each group read from /api/v1/rules (the value `prometheus_rule_group_last_duration_seconds`
 * exports) at every evaluation. Samples: each rule's expression evaluated once through
 * /api/v1/query with `stats=all` at a fixed time, `samples.totalQueryableSamples`.
 *
 * The history lies partly in the future (see run.ts), so the rules see live-looking data;
 * Prometheus discards their results ("out of bounds": older than its newest block), which
 * costs nothing, and rules that read other rules' output at an instant read the
 * backfilled series where there are any and nothing otherwise, alike for every set.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseDuration } from '../src/model/duration.ts';
import { startPrometheus } from './prometheus.ts';
import type { RuleSet } from './rule-sets.ts';
import { spread, type Spread } from './stats.ts';

export interface GroupCost {
  readonly name: string;
  /** Seconds between evaluations in production: the group's own interval or the global 1m. */
  readonly productionInterval: number;
  /** Median seconds per evaluation, per round. */
  readonly medians: number[];
  readonly evaluations: number;
  /** Samples one evaluation of the group touches. */
  readonly samples: number;
  /** The group's rules, by what they record or alert on. */
  readonly ruleNames: string[];
  /** The same, rule by rule, in the group's order. */
  readonly ruleSamples: number[];
  /** Median seconds per evaluation, rule by rule (`/api/v1/rules` per rule), over every round. */
  readonly ruleMedians: number[];
}

export interface SetCost {
  readonly name: string;
  readonly groups: GroupCost[];
  /** Per round: seconds of one evaluation of every group, summed. */
  readonly perEvaluation: Spread;
  /** Per round: seconds of rule evaluation per hour at the production intervals. */
  readonly perHour: Spread;
  readonly samplesPerEvaluation: number;
  readonly samplesPerHour: number;
  readonly perRoundEvaluation: number[];
  readonly perRoundHour: number[];
}

export interface CostOptions {
  readonly rounds: number;
  readonly secondsPerRun: number;
  readonly interval: string;
  /**
   * Evaluations each group must reach (beyond the dropped first) before a run ends: a
   * slow group evaluated back to back would otherwise count one or two. The run goes on
   * past `secondsPerRun` for them, up to `maxSecondsPerRun`.
   */
  readonly minEvaluations?: number;
  readonly maxSecondsPerRun?: number;
}

export async function ruleCost(sets: readonly RuleSet[], dataDir: string, end: number, work: string, options: CostOptions, log: (line: string) => void): Promise<SetCost[]> {
  await mkdir(work, { recursive: true });
  const perSet = new Map<string, { durations: Map<string, number[][]>; ruleDurations: Map<string, number[][]>; samples: Map<string, number[]> }>();
  for (const set of sets) perSet.set(set.name, { durations: new Map(set.groups.map((g) => [g.name, []])), ruleDurations: new Map(set.groups.map((g) => [g.name, []])), samples: new Map() });
  for (let round = 0; round < options.rounds; round++) {
    for (const set of sets) {
      if (Date.now() / 1000 > end - (options.maxSecondsPerRun ?? options.secondsPerRun) - 60) throw new Error('the backfilled history ends before the cost run would: raise the margin in run.ts');
      const state = perSet.get(set.name)!;
      const dir = join(work, set.name.replace(/\W+/g, '-'));
      await mkdir(dir, { recursive: true });
      const rules = join(dir, 'rules.yml');
      await writeFile(rules, stringify({ groups: set.groups.map((g) => ({ ...g, interval: options.interval })) }, { lineWidth: 0 }));
      const config = join(dir, 'prometheus.yml');
      await writeFile(config, stringify({ global: { evaluation_interval: options.interval }, rule_files: [rules] }));
      const prometheus = await startPrometheus(config, dataDir);
      try {
        const seen = new Map<string, Map<string, { group: number; rules: number[] }>>(set.groups.map((g) => [g.name, new Map()]));
        const began = Date.now();
        const deadline = began + options.secondsPerRun * 1000;
        const cap = began + (options.maxSecondsPerRun ?? options.secondsPerRun) * 1000;
        const enough = () => [...seen.values()].every((evaluations) => evaluations.size > (options.minEvaluations ?? 0));
        while (Date.now() < deadline || (Date.now() < cap && !enough())) {
          const response = await fetch(`${prometheus.url}/api/v1/rules`);
          const { data } = (await response.json()) as { data: { groups: { name: string; lastEvaluation: string; evaluationTime: number; rules: { evaluationTime: number }[] }[] } };
          for (const g of data.groups) if (!g.lastEvaluation.startsWith('0001')) seen.get(g.name)?.set(g.lastEvaluation, { group: g.evaluationTime, rules: g.rules.map((r) => r.evaluationTime) });
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        for (const [group, evaluations] of seen) {
          // The first evaluation reads cold blocks from disk: left out.
          const kept = [...evaluations.entries()].sort(([a], [b]) => a.localeCompare(b)).slice(1).map(([, t]) => t);
          state.durations.get(group)!.push(kept.map((t) => t.group));
          state.ruleDurations.get(group)!.push(...kept.map((t) => t.rules));
        }
        if (round === 0) {
          const at = Math.floor(Date.now() / 1000);
          for (const group of set.groups) {
            const samples: number[] = [];
            for (const rule of group.rules) samples.push((await prometheus.query(rule.expr, at, true)).stats?.samples.totalQueryableSamples ?? 0);
            state.samples.set(group.name, samples);
          }
        }
      } finally {
        await prometheus.stop();
      }
      const counts = [...state.durations.values()].map((rounds) => rounds[rounds.length - 1]!.length);
      log(`rule cost: ${set.name}, round ${round + 1}/${options.rounds}: ${Math.min(...counts)}–${Math.max(...counts)} evaluations per group`);
    }
  }
  return sets.map((set) => {
    const state = perSet.get(set.name)!;
    const groups = set.groups.map((g): GroupCost => {
      const rounds = state.durations.get(g.name)!;
      return {
        name: g.name,
        productionInterval: parseDuration(g.interval ?? '1m')!,
        medians: rounds.map((times) => spread(times).median),
        evaluations: rounds.reduce((n, times) => n + times.length, 0),
        samples: (state.samples.get(g.name) ?? []).reduce((a, b) => a + b, 0),
        ruleNames: g.rules.map((r) => r.record ?? r.alert ?? ''),
        ruleSamples: state.samples.get(g.name) ?? [],
        ruleMedians: g.rules.map((_, i) => spread(state.ruleDurations.get(g.name)!.map((rules) => rules[i] ?? NaN)).median),
      };
    });
    const perRoundEvaluation = Array.from({ length: options.rounds }, (_, r) => groups.reduce((sum, g) => sum + g.medians[r]!, 0));
    const perRoundHour = Array.from({ length: options.rounds }, (_, r) => groups.reduce((sum, g) => sum + (g.medians[r]! * 3600) / g.productionInterval, 0));
    return {
      name: set.name,
      groups,
      perEvaluation: spread(perRoundEvaluation),
      perHour: spread(perRoundHour),
      perRoundEvaluation,
      perRoundHour,
      samplesPerEvaluation: groups.reduce((sum, g) => sum + g.samples, 0),
      samplesPerHour: groups.reduce((sum, g) => sum + (g.samples * 3600) / g.productionInterval, 0),
    };
  });
}
