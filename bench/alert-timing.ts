/**
 * Alert timing: for each burn rate, how long after the burn starts each tier of the
 * benchmark SLO fires in a real `promtool test rules` run, against what the window
 * math (src/model/alert-timing.ts) predicts. One promtool run per burn rate: healthy
 * traffic long enough to fill the longest window, then the burn. The firing time is
 * read back exactly from promtool: a check of the earliest `ALERTS` timestamp of each
 * tier, given an impossible expectation, makes promtool print the value it got.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Model, Slo } from '../src/model/slo.ts';
import { firstFiring, simulate, type Segment } from '../src/model/alert-timing.ts';
import { fullOutageFiresAfter } from '../src/model/windows.ts';
import { testInput } from '../src/compile/prometheus/test-series.ts';
import { labelSet, quote, sloMatchers } from '../src/compile/prometheus/promql.ts';
import { LABEL } from '../src/model/conventions.ts';
import { promtool } from '../test/support/promtool.ts';

export const BURN_RATES = [1, 2, 5, 10, 14.4, 50] as const;
/** A full outage: every event fails. */
export const OUTAGE = 'outage';
export type Burn = (typeof BURN_RATES)[number] | typeof OUTAGE;

const EVENTS_PER_MINUTE = 60_000;

export interface TierTiming {
  readonly tier: string;
  readonly forMinutes: number;
  /** Minutes after the burn starts; undefined = not firing by the end of the run. */
  readonly predicted: number | undefined;
  readonly measured: number | undefined;
  /** For a full outage, the closed form of `fullOutageFiresAfter`, in minutes. */
  readonly closedForm?: number;
}

export interface Scenario {
  readonly burn: Burn;
  /** Minutes of burn simulated after the healthy prefix. */
  readonly burnMinutes: number;
  readonly tiers: TierTiming[];
  readonly seconds: number;
}

/**
 * `neverMinutes`: how long a scenario in which no tier is predicted to fire runs, to
 * show that none does (the full run uses the longest window plus its `for`).
 */
export async function alertTiming(model: Model, rulesFile: string, groupOrder: string[], work: string, neverMinutes: number, log: (line: string) => void, healthyMinutes?: number, maxBurnMinutes = Infinity): Promise<Scenario[]> {
  const slo = model.services[0]!.slos[0]!;
  const tiers = slo.alerting!.tiers;
  // Healthy traffic filling the longest long window, so every window is full when the burn
  // starts (--quick: a shorter prefix; prediction and promtool still see the same profile).
  const healthy = healthyMinutes ?? Math.max(...tiers.map((t) => t.longWindow.seconds / 60)) + 10;
  await mkdir(work, { recursive: true });
  const scenarios = [...BURN_RATES, OUTAGE] as Burn[];
  return Promise.all(scenarios.map((burn) => scenario(slo, burn, healthy, neverMinutes, maxBurnMinutes, rulesFile, groupOrder, work, log)));
}

async function scenario(slo: Slo, burn: Burn, healthy: number, neverMinutes: number, maxBurnMinutes: number, rulesFile: string, groupOrder: string[], work: string, log: (line: string) => void): Promise<Scenario> {
  const tiers = slo.alerting!.tiers;
  const budget = 1 - slo.objective;
  const errorsPerMinute = burn === OUTAGE ? EVENTS_PER_MINUTE : Math.round(burn * budget * EVENTS_PER_MINUTE);
  const segment = (minutes: number, errors: number): Segment => ({ minutes, eventsPerMinute: EVENTS_PER_MINUTE, errorsPerMinute: errors });
  // Predict over a long enough run, then cut the run at the last predicted firing plus slack.
  const longest = Math.max(...tiers.map((t) => (t.longWindow.seconds + t.for.seconds) / 60)) + 60;
  const wide = simulate(slo, [segment(healthy, 0), segment(longest, errorsPerMinute)]);
  const predictedAt = (tier: string) => {
    const t = firstFiring(wide, tier, healthy);
    return t === undefined ? undefined : t - healthy;
  };
  const predictions = tiers.map((t) => predictedAt(t.name)).filter((t): t is number => t !== undefined);
  const burnMinutes = Math.min(maxBurnMinutes, predictions.length ? Math.ceil(Math.max(...predictions) * 1.1) + 30 : neverMinutes);
  const profile = [segment(healthy, 0), segment(burnMinutes, errorsPerMinute)];
  const end = healthy + burnMinutes;
  const input = testInput(slo, profile);
  const alertName = slo.alerting!.alertName;
  const checks = tiers.map((tier) => ({
    expr: `min_over_time(timestamp(ALERTS{alertname=${quote(alertName)},alertstate="firing",${sloMatchers(slo).slice(1, -1)},${LABEL.longWindow}=${quote(tier.longWindow.text)},${LABEL.shortWindow}=${quote(tier.shortWindow.text)}})[${end}m:1m]) - ${healthy * 60}`,
    eval_time: `${end}m`,
    // Impossible on purpose: promtool then prints what it got.
    exp_samples: [{ labels: labelSet({ impossible: tier.name }), value: -1 }],
  }));
  const file = join(work, `burn-${burn}.test.yml`);
  await writeFile(file, stringify({ rule_files: [rulesFile], evaluation_interval: '1m', group_eval_order: groupOrder, tests: [{ interval: '1m', input_series: input.series, promql_expr_test: checks }] }, { lineWidth: 0 }));
  const started = performance.now();
  const run = await promtool(['test', 'rules', file]);
  const seconds = (performance.now() - started) / 1000;
  const measured = parseGot(run.output, checks.map((c) => c.expr));
  log(`alert timing: burn ${burn} (${burnMinutes}m after ${healthy}m healthy) in ${seconds.toFixed(1)} s`);
  return {
    burn,
    burnMinutes,
    seconds,
    tiers: tiers.map((tier, i) => ({
      tier: tier.name,
      forMinutes: tier.for.seconds / 60,
      predicted: predictedAt(tier.name),
      measured: measured[i],
      ...(burn === OUTAGE ? { closedForm: fullOutageFiresAfter(tier, slo.objective) / 60 } : {}),
    })),
  };
}

/**
 * promtool prints each failed check as `expr: "…", time: …` followed by `exp:` and
 * `got:` lines; `got: {} 1.23E+03` is the value, `got: []` an empty result.
 */
function parseGot(output: string, exprs: readonly string[]): (number | undefined)[] {
  return exprs.map((expr) => {
    const at = output.indexOf(`expr: ${JSON.stringify(expr)}`);
    if (at < 0) throw new Error(`promtool did not report the check ${expr}:\n${output.slice(0, 3000)}`);
    const got = /got:\s*(.*)/.exec(output.slice(at))?.[1] ?? '';
    const value = /\}\s*([-+0-9.eE]+)/.exec(got)?.[1];
    return value === undefined ? undefined : Number(value) / 60;
  });
}
