/**
 * Accuracy on uneven traffic. Period: each rule set's 30d error ratio (its own
 * `slo:sli_error:ratio_rate30d` expression, evaluated by the real Prometheus on the
 * backfilled history at a fixed time) and the budget remaining its metadata rules derive
 * from it (1 − ratio / error budget, the same formula in Sloth and sloforge), against the
 * exact values from the generated counters.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startPrometheus } from './prometheus.ts';
import { findRule, type RuleSet } from './rule-sets.ts';
import type { Dataset } from './history.ts';

export interface Accuracy {
  readonly at: number;
  readonly exactRatio: number;
  readonly exactRemaining: number;
  readonly sets: { name: string; ratio: number; remaining: number; ratioError: number; remainingError: number }[];
}

export async function accuracy(sets: readonly RuleSet[], dataset: Dataset, work: string): Promise<Accuracy> {
  const config = join(work, 'accuracy.yml');
  await writeFile(config, 'global: {}\n');
  const prometheus = await startPrometheus(config, dataset.dataDir);
  try {
    // A whole minute in the past and inside the data: the last sample it reads is complete.
    const at = Math.min(dataset.end, Math.floor(Date.now() / 60_000) * 60 - 60);
    const exactRatio = dataset.exactRatio(at - 30 * 86400, at);
    const value = async (expr: string) => Number((await prometheus.query(expr, at)).result[0]?.value[1] ?? NaN);
    const results = [];
    for (const set of sets) {
      const ratio = await value(findRule(set, 'slo:sli_error:ratio_rate30d').expr);
      const budget = await value(findRule(set, 'slo:error_budget:ratio').expr);
      const remaining = 1 - ratio / budget;
      const exactRemaining = 1 - exactRatio / budget;
      results.push({ name: set.name, ratio, remaining, ratioError: ratio / exactRatio - 1, remainingError: (remaining - exactRemaining) / Math.abs(exactRemaining) });
    }
    return { at, exactRatio, exactRemaining: 1 - exactRatio / 0.001, sets: results };
  } finally {
    await prometheus.stop();
  }
}

export interface WindowAccuracy {
  readonly window: string;
  /** When: the end of the burn, or minutes after it. */
  readonly minutesAfterBurn: number;
  readonly exact: number;
  readonly sets: { name: string; ratio: number; error: number }[];
}

/** Windows of the benchmark SLO, shortest first, as both rule sets record them. */
const WINDOWS = [['5m', 300], ['30m', 1800], ['1h', 3600], ['2h', 7200], ['6h', 21600], ['1d', 86400], ['3d', 259200], ['30d', 2592000]] as const;
const AFTER_BURN_MINUTES = [0, 30] as const;

/**
 * Every window of each rule set at the end of the bench's burn and 30 minutes after it:
 * the rule's own expression evaluated by the real Prometheus on the backfilled history at
 * that instant, against the exact ratio of the generated counters over the same window.
 */
export async function accuracyOverTime(sets: readonly RuleSet[], dataset: Dataset, burnEnd: number, work: string): Promise<WindowAccuracy[]> {
  const config = join(work, 'accuracy-over-time.yml');
  await writeFile(config, 'global: {}\n');
  const prometheus = await startPrometheus(config, dataset.dataDir);
  try {
    const rows: WindowAccuracy[] = [];
    for (const after of AFTER_BURN_MINUTES) {
      const at = burnEnd + after * 60;
      for (const [window, seconds] of WINDOWS) {
        const exact = dataset.exactRatio(at - seconds, at);
        const results = [];
        for (const set of sets.filter((s) => s.name !== 'Sloth raw 30d')) {
          const ratio = Number((await prometheus.query(findRule(set, `slo:sli_error:ratio_rate${window}`).expr, at)).result[0]?.value[1] ?? NaN);
          results.push({ name: set.name, ratio, error: ratio / exact - 1 });
        }
        rows.push({ window, minutesAfterBurn: after, exact, sets: results });
      }
    }
    return rows;
  } finally {
    await prometheus.stop();
  }
}
