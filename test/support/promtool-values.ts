/**
 * promtool as a PromQL evaluator: the values of expressions at given times, with the
 * rules of a rule file evaluated every minute over the given input series. Each query
 * is a `promql_expr_test` with an impossible expectation, so promtool prints the value
 * it got, which is read back in full precision.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { toYaml } from '../../src/output/serialize.ts';
import { promtool } from './promtool.ts';

export interface Query {
  readonly expr: string;
  /** Minutes since the first input sample. */
  readonly minute: number;
}

export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

const IMPOSSIBLE = { labels: '{impossible="yes"}', value: -1 };

/** One value per query: the single sample the expression returns, or undefined for an empty result. */
export async function promtoolValues(rulesFile: string, groupOrder: readonly string[], input: readonly InputSeries[], queries: readonly Query[]): Promise<(number | undefined)[]> {
  const file = join(dirname(rulesFile), `values-${process.pid}-${Math.random().toString(36).slice(2)}.test.yml`);
  const tests = queries.map((q) => ({ expr: q.expr, eval_time: `${q.minute}m`, exp_samples: [IMPOSSIBLE] }));
  await writeFile(
    file,
    toYaml({ rule_files: [rulesFile], evaluation_interval: '1m', group_eval_order: groupOrder, tests: [{ interval: '1m', input_series: input, promql_expr_test: tests }] }),
  );
  const run = await promtool(['test', 'rules', file]);
  if (/error|could not/i.test(run.output.replace(/FAILED:[\s\S]*/, ''))) throw new Error(`promtool could not run the queries:\n${run.output.slice(0, 3000)}`);
  return queries.map((q) => gotValue(run.output, q));
}

/** promtool prints each failed check as `expr: "…", time: …` followed by `exp:` and `got:` lines. */
function gotValue(output: string, query: Query): number | undefined {
  const header = `expr: ${JSON.stringify(query.expr)}, time: ${formatTime(query.minute)},`;
  const at = output.indexOf(header);
  if (at < 0) throw new Error(`promtool did not report ${header}:\n${output.slice(0, 3000)}`);
  const got = /got:\s*(.*)/.exec(output.slice(at))?.[1] ?? '';
  if (got.trim() === 'nil' || got.trim() === '[]') return undefined;
  const values = [...got.matchAll(/\}\s*([-+0-9.eE]+|NaN|[+-]Inf)/g)];
  if (values.length !== 1) throw new Error(`${query.expr} at ${query.minute}m returned ${values.length} samples: ${got}`);
  return Number(values[0]![1]);
}

/** Prometheus' model.Duration text, as promtool prints eval times: `0s`, `5m`, `6h30m`, `1d2h`, `1w` (weeks and years only when exact). */
function formatTime(minutes: number): string {
  if (minutes === 0) return '0s';
  let rest = minutes;
  let text = '';
  const units: [string, number, boolean][] = [['y', 365 * 1440, true], ['w', 7 * 1440, true], ['d', 1440, false], ['h', 60, false], ['m', 1, false]];
  for (const [unit, size, exactOnly] of units) {
    if (exactOnly && rest % size !== 0) continue;
    const amount = Math.floor(rest / size);
    if (amount > 0) text += `${amount}${unit}`;
    rest -= amount * size;
  }
  return text;
}
