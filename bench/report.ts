/** The results as Markdown: what bench/RESULTS.md holds and `npm run bench` prints. */
import type { SetCost } from './rule-cost.ts';
import type { Accuracy, WindowAccuracy } from './accuracy.ts';
import type { Scenario } from './alert-timing.ts';
import type { Measured } from './generation.ts';
import type { ScaleResults } from './scale.ts';
import type { ClustersResults } from './clusters.ts';
import { TEST_COST_GOAL_CPU_SECONDS_PER_SLO, type TestCost } from './test-cost.ts';
import { SUITE_GOAL_SECONDS, type SuiteCost } from './suite.ts';
import { count, megabytes, minutesText, percent, ratio, seconds, showSpread, spread, table } from './stats.ts';

export interface Results {
  readonly quick: boolean;
  readonly plan: { days: number; rounds: number; secondsPerRun: number; interval: string; generationRuns: number; healthy: number | undefined; neverMinutes: number; maxBurnMinutes: number };
  readonly machine: { cpus: number; cpuModel: string; node: string; prometheus: string; date: string };
  /** Absent when a part did not run (`--parts`). */
  readonly dataset?: { days: number; rawSamples: number; recordedSamples: number } | undefined;
  readonly cost?: SetCost[] | undefined;
  readonly accuracy?: Accuracy | undefined;
  readonly overTime?: WindowAccuracy[] | undefined;
  readonly timing?: Scenario[] | undefined;
  readonly outage: string;
  readonly generation?: Measured[] | undefined;
  readonly tests?: TestCost[] | undefined;
  readonly suite?: SuiteCost | undefined;
  readonly scale?: ScaleResults | undefined;
  readonly clusters?: ClustersResults | undefined;
  readonly seconds: number;
}

export function report(r: Results): string {
  const out: string[] = [];
  out.push(`# sloforge benchmark — ${r.quick ? 'quick run (`npm run bench -- --quick`)' : 'full run (`npm run bench`)'}`);
  out.push('');
  out.push(`${r.machine.date} · ${r.machine.cpus} CPUs (${r.machine.cpuModel}) · Node ${r.machine.node} · ${r.machine.prometheus} · whole run ${seconds(r.seconds)}`);
  out.push('');
  out.push('Figures are medians with the min–max of the runs in brackets; every ratio is against a baseline measured in the same run. Another engineer\'s tests may have shared the 2 CPUs: read times as ± tens of percent.');
  if (r.quick) out.push(`\n**Quick run:** ${r.plan.days} days of history instead of 35 (the 30d windows read ${r.plan.days} days), ${r.plan.rounds} round of ${r.plan.secondsPerRun} s per rule set, alert timing after ${minutesText(r.plan.healthy ?? 0)} of healthy traffic with runs cut at ${minutesText(r.plan.maxBurnMinutes)}, generation up to 1,000 SLOs only. Same shape otherwise; the committed RESULTS.md is a full run.`);

  if (r.generation) out.push(generationSection(r.generation));
  if (r.cost && r.dataset && r.accuracy && r.overTime) costSections(out, r, r.dataset, r.cost, r.accuracy, r.overTime);
  if (r.timing) timingSection(out, r, r.timing);
  if (r.tests) out.push(testCostSection(r.tests));
  if (r.scale) out.push(scaleSection(r.scale));
  if (r.clusters) out.push(clustersSection(r.clusters));
  if (r.suite) out.push(suiteSection(r.suite, r.machine.cpus));
  goals(out, r);
  return out.join('\n') + '\n';
}

function costSections(out: string[], r: Results, dataset: NonNullable<Results['dataset']>, cost: SetCost[], a: Accuracy, overTime: WindowAccuracy[]): void {
  out.push('\n## 2. Rule cost in a real Prometheus\n');
  {
    const sloth = cost.find((c) => c.name === 'Sloth')!;
    const sf = cost.find((c) => c.name === 'sloforge')!;
    const time = (key: 'perRoundEvaluation' | 'perRoundHour') => spread(sf[key].map((v, i) => v / sloth[key][i]!));
    out.push(`**Time:** sloforge's rules take ${showSpread(time('perRoundEvaluation'), ratio)} Sloth's seconds per evaluation and ${showSpread(time('perRoundHour'), ratio)} of its rule seconds per hour, for one SLO over 1,000 series. (They read ${ratio(sf.samplesPerEvaluation / sloth.samplesPerEvaluation)} its samples; time does not fall with samples one for one — every rule and series has a cost of its own — and Prometheus 2.42 counts a subquery under an outer function by its output points, not the samples its inner selector reads (prometheus/prometheus#16638), which under-counts sloforge's hourly-tile windows: the samples ratio flatters.) At 10,000 series and 1,000 groups: section 7.`);
    out.push('');
  }
  out.push(`One SLO over 1,000 raw series (100 instances × 10 status codes), a sample a minute, ${dataset.days} days backfilled with \`promtool tsdb create-blocks-from openmetrics\` (${count(dataset.rawSamples)} raw samples), plus the recorded series the rules read over windows (${count(dataset.recordedSamples)} samples: sloforge's per-minute increases, their hour-parity twins, 5m rates and events since the last whole hour at 1m, and its hourly tiles at 5m; Sloth's \`slo:sli_error:ratio_rate5m\` at 1m), computed by Prometheus from the counters with the rules' own expressions. Each rule set runs alone in its own Prometheus on the same blocks, every group at ${r.plan.interval}, ${r.plan.secondsPerRun} s per run, ${r.plan.rounds} round(s), sets interleaved; the first evaluation of each group (cold blocks) is dropped.`);
  out.push('');
  out.push('- **per evaluation**: each group\'s evaluation time (`/api/v1/rules` `evaluationTime`, the value of `prometheus_rule_group_last_duration_seconds`), median over the evaluations, summed over the set\'s groups.');
  out.push('- **per hour**: the same medians × evaluations per hour at the production intervals (sloforge\'s long-window group runs every 5m, everything else every 1m, Sloth\'s groups at the global 1m).');
  out.push('- **samples**: every rule\'s expression evaluated once through `/api/v1/query?stats=all` at a fixed time; `samples.totalQueryableSamples` summed (Prometheus 2.42 reports it without any feature flag).');
  out.push('');
  const sloth = cost.find((c) => c.name === 'Sloth')!;
  const vsSloth = (c: SetCost, key: 'perRoundEvaluation' | 'perRoundHour') => spread(c[key].map((v, i) => v / sloth[key][i]!));
  out.push(table(['rule set', 'seconds / evaluation', '÷ Sloth', 'rule seconds / hour', '÷ Sloth', 'samples / evaluation', '÷ Sloth', 'samples / hour', '÷ Sloth'], cost.map((c) => [
    c.name,
    showSpread(c.perEvaluation, seconds),
    showSpread(vsSloth(c, 'perRoundEvaluation'), ratio),
    showSpread(c.perHour, seconds),
    showSpread(vsSloth(c, 'perRoundHour'), ratio),
    count(c.samplesPerEvaluation),
    ratio(c.samplesPerEvaluation / sloth.samplesPerEvaluation),
    count(c.samplesPerHour),
    ratio(c.samplesPerHour / sloth.samplesPerHour),
  ])));
  out.push('\n<details><summary>Per group</summary>\n');
  out.push(table(['rule set', 'group', 'production interval', 'evaluations', 'median seconds (per round)', 'samples / evaluation'], cost.flatMap((c) => c.groups.map((g) => [c.name, g.name, `${g.productionInterval}s`, String(g.evaluations), g.medians.map(seconds).join(', '), count(g.samples)]))));
  out.push('\n</details>');
  out.push('\nThe history runs a little into the future so that the rules, evaluated on the wall clock, see live-looking data; Prometheus therefore discards what they record (older than its newest block, "out of bounds"), and rules that read another rule\'s output at an instant (alerts, burn rates) read the backfilled series where there are any, nothing otherwise — alike in every set, and a few samples against thousands.');

  out.push('\n## 3. Accuracy on uneven traffic\n');
  out.push(`Busy hours (09–17 UTC): 20× the requests at a 0.02% error ratio; quiet hours: 0.5%; one 30-minute burn at 2%. At ${new Date(a.at * 1000).toISOString()}, over the last 30 days (the ${dataset.days} days of data${dataset.days < 30 ? ' the window holds' : ''}): exact error ratio ${a.exactRatio.toPrecision(6)} (sum of errors / sum of requests from the generated counters), budget remaining ${percent(a.exactRemaining)}.`);
  out.push('');
  out.push('sloforge\'s period adds hourly tiles to the minutes at both ends, so it covers exactly the last 30 days up to the evaluation minute.');
  out.push('');
  out.push(table(['rule set', '30d error ratio', 'relative error', 'budget remaining', 'relative error of remaining', 'goal: within 1%'], a.sets.map((s) => [s.name, s.ratio.toPrecision(6), percent(s.ratioError, 3), percent(s.remaining), percent(s.remainingError, 3), Math.abs(s.ratioError) <= 0.01 ? 'yes' : 'no'])));


  out.push('\n## 4. Accuracy over time: every window at the end of a burn and after it\n');
  out.push('The 30-minute burn at 2% errors (20× the 99.9% budget) in the same history. Each rule set\'s own `slo:sli_error:ratio_rate<W>` expression, evaluated by Prometheus on the backfilled history at the end of the burn and 30 minutes later, against the exact ratio of the generated counters over the same window (errors / requests of its minutes). Sloth\'s windows up to 3d read the raw counters (`rate()`, extrapolated at the range ends); its 30d averages 5m ratios.');
  out.push('');
  const setNames = overTime[0]?.sets.map((s) => s.name) ?? [];
  out.push(table(['when', 'window', 'exact', ...setNames.flatMap((n) => [n, 'error']), 'sloforge within 5%'], overTime.map((row) => [
    row.minutesAfterBurn === 0 ? 'end of the burn' : `${row.minutesAfterBurn} min after`,
    row.window,
    row.exact.toPrecision(4),
    ...row.sets.flatMap((s) => [s.ratio.toPrecision(4), percent(s.error, 2)]),
    Math.abs(row.sets.find((s) => s.name === 'sloforge')?.error ?? Infinity) <= 0.05 ? 'yes' : '**no**',
  ])));
}

function timingSection(out: string[], r: Results, timing: Scenario[]): void {
  out.push('\n## 5. Alert timing (promtool test rules)\n');
  out.push(`The benchmark SLO's rules (99.9%, 30d, default tiers). Per burn rate, one \`promtool test rules\` run: ${r.plan.healthy ? minutesText(r.plan.healthy) : 'the longest window plus 10m'} of healthy traffic at 60,000 events a minute, then errors at the burn rate × budget; the first minute each tier's \`ALERTS{alertstate="firing"}\` sample appears, read back from promtool. Prediction: \`simulate\`/\`firstFiring\` (src/model/alert-timing.ts) on the same profile; for a full outage also \`fullOutageFiresAfter\`. Goal: measured within one evaluation interval (1m) plus \`for\` of the prediction.`);
  out.push('');
  const rows: string[][] = [];
  for (const s of timing) {
    for (const t of s.tiers) {
      const burn = s.burn === r.outage ? 'full outage' : `${s.burn}×`;
      const predicted = t.predicted === undefined ? `never in ${minutesText(s.burnMinutes)}` : minutesText(t.predicted);
      const measured = t.measured === undefined ? `not in ${minutesText(s.burnMinutes)}` : minutesText(t.measured);
      const tolerance = 1 + t.forMinutes;
      let verdict: string;
      if (t.predicted === undefined && t.measured === undefined) verdict = 'yes (never, predicted never)';
      else if (t.predicted === undefined || t.measured === undefined) verdict = t.predicted !== undefined && t.predicted > s.burnMinutes ? 'beyond the run' : '**no**';
      else verdict = Math.abs(t.measured - t.predicted) <= tolerance ? `yes (${signed(t.measured - t.predicted)})` : `**no** (${signed(t.measured - t.predicted)})`;
      rows.push([burn, t.tier, predicted + (t.closedForm !== undefined ? ` (closed form ${t.closedForm.toFixed(1)}m)` : ''), measured, `${tolerance}m`, verdict]);
    }
  }
  out.push(table(['burn rate', 'tier', 'predicted', 'measured', 'tolerance', 'within'], rows));
  out.push(`\npromtool run times: ${timing.map((s) => `${s.burn === r.outage ? 'outage' : `${s.burn}×`} ${seconds(s.seconds)}`).join(', ')} (in parallel).`);

}

function goals(out: string[], r: Results): void {
  out.push('\n## Goals\n');
  const rows: string[][] = [];
  if (r.generation) {
    const example = r.generation.find((g) => g.name.includes('example'));
    const tenK = r.generation.find((g) => g.name.includes('10,000'));
    rows.push(['example config under 0.5 s end to end', example ? `${showSpread(example.wall, seconds)} — ${example.wall.median < 0.5 ? 'met' : '**missed**'}` : 'n/a']);
    rows.push(['10,000 SLOs under 10 s and 300 MB', tenK ? `${showSpread(tenK.wall, seconds)}, peak ${megabytes(tenK.rssKb.median)} — ${tenK.wall.median < 10 && tenK.rssKb.median < 300 * 1024 ? 'met' : '**missed**'}` : 'not run (quick)']);
    const curve = linearity(r.generation);
    rows.push(['generation linear up to 20,000 SLOs (s / 1,000 SLOs at the largest size ≤ 1.25× at the smallest)', curve ? `${curve.text} — ${curve.linear ? 'met' : '**missed**'}` : 'n/a']);
  }
  if (r.cost && r.accuracy && r.overTime) {
    const sloth = r.cost.find((c) => c.name === 'Sloth')!;
    const sf = r.cost.find((c) => c.name === 'sloforge')!;
    const vsSloth = (c: SetCost, key: 'perRoundEvaluation' | 'perRoundHour') => spread(c[key].map((v, i) => v / sloth[key][i]!));
    const sfAcc = r.accuracy.sets.find((s) => s.name === 'sloforge')!;
    const slAcc = r.accuracy.sets.find((s) => s.name === 'Sloth')!;
    const windowErrors = r.overTime.map((row) => Math.abs(row.sets.find((s) => s.name === 'sloforge')!.error));
    rows.push(['rule cost ≤ 0.1× Sloth (1,000 series)', `per evaluation ${ratio(vsSloth(sf, 'perRoundEvaluation').median)}, per hour ${ratio(vsSloth(sf, 'perRoundHour').median)}, samples per evaluation ${ratio(sf.samplesPerEvaluation / sloth.samplesPerEvaluation)} — ${vsSloth(sf, 'perRoundEvaluation').median <= 0.1 ? 'met' : '**missed**'}`]);
    rows.push(['period accuracy within 1% where Sloth is off by more', `sloforge ${percent(sfAcc.ratioError, 3)}, Sloth ${percent(slAcc.ratioError, 1)} — ${Math.abs(sfAcc.ratioError) <= 0.01 && Math.abs(slAcc.ratioError) > 0.01 ? 'met' : '**missed**'}`]);
    rows.push(['every window within 5% of exact at the end of a burn and 30 min after', `largest sloforge error ${percent(Math.max(...windowErrors), 3)} — ${windowErrors.every((e) => e <= 0.05) ? 'met' : '**missed**'}`]);
  }
  if (r.timing) {
    const timed = r.timing.flatMap((s) => s.tiers.filter((t) => t.predicted !== undefined && t.measured !== undefined).map((t) => Math.abs(t.measured! - t.predicted!) <= 1 + t.forMinutes));
    rows.push(['alert times within 1 evaluation interval + `for` of the prediction', `${timed.filter(Boolean).length} of ${timed.length} firing tiers — ${timed.every(Boolean) ? 'met' : '**missed**'}`]);
  }
  if (r.tests) {
    const worst = Math.max(...r.tests.map((t) => t.cpuSeconds / t.slos));
    const failed = r.tests.some((t) => t.failures.length > 0);
    rows.push([`generated tests ≤ ${TEST_COST_GOAL_CPU_SECONDS_PER_SLO} CPU-s per SLO`, `at most ${seconds(worst)} per SLO — ${worst <= TEST_COST_GOAL_CPU_SECONDS_PER_SLO && !failed ? 'met' : '**missed**'}${failed ? ' (a test failed)' : ''}`]);
    // One service of N SLOs: flat CPU-s per SLO is linear; growing with N is the SLOs × SLOs cost issue 14 names.
    const services = r.tests.filter((t) => t.name.startsWith('1 service')).sort((a, b) => a.slos - b.slos);
    if (services.length >= 2) {
      const [small, large] = [services[0]!, services[services.length - 1]!];
      const growth = large.cpuSeconds / large.slos / (small.cpuSeconds / small.slos);
      rows.push(['generated tests linear in the SLOs of a service (CPU-s / SLO at the most SLOs ≤ 1.25× at the fewest)', `${seconds(small.cpuSeconds / small.slos)} per SLO at ${small.slos}, ${seconds(large.cpuSeconds / large.slos)} at ${large.slos} (${ratio(growth)}) — ${growth <= 1.25 ? 'met' : '**missed**'}`]);
    }
  }
  if (r.suite) {
    const s = r.suite;
    rows.push([`\`npm test\` under ${SUITE_GOAL_SECONDS / 60} min`, `${seconds(s.wallSeconds)}, ${s.passed} passed, ${s.failed} failed — ${s.wallSeconds < SUITE_GOAL_SECONDS && s.failed === 0 && s.code === 0 ? 'met' : '**missed**'}`]);
  }
  out.push(table(['goal', 'result'], rows));
}

/** Section 9: sloforge's own `npm test`. */
function suiteSection(s: SuiteCost, cpus: number): string {
  const out: string[] = ["\n## 9. sloforge's own test suite (`npm test`)\n"];
  out.push(table(['wall time', 'CPU-s', 'CPU-s ÷ (wall × CPUs)', 'tests', 'exit', `goal under ${SUITE_GOAL_SECONDS / 60} min`], [[
    seconds(s.wallSeconds),
    seconds(s.cpuSeconds),
    percent(s.cpuSeconds / (s.wallSeconds * cpus), 0),
    `${s.passed} passed, ${s.failed} failed`,
    String(s.code),
    s.wallSeconds < SUITE_GOAL_SECONDS && s.failed === 0 && s.code === 0 ? 'met' : '**missed**',
  ]]));
  if (s.failures.length > 0) out.push(`\nFailed: ${s.failures.map((name) => `\`${name}\``).join('; ')}.`);
  out.push(`\nOne run, the bench's other parts finished: the type check beside vitest, every file of test/ against the real promtool, Prometheus, Alertmanager, blackbox exporter and vmalert. CPU time is user + system of every process the run started (GNU time). On ${cpus} CPUs the suite cannot end before its CPU time ÷ ${cpus}; the e2e files wait on servers in real time with their CPU nearly idle, and start first.`);
  return out.join('\n');
}

/** The generated promtool tests' CPU time per SLO. */
function testCostSection(tests: readonly TestCost[]): string {
  const out: string[] = ['\n## 6. Generated promtool tests (`promtool test rules`, every test file of the service)\n'];
  out.push('CPU time (user + system, GNU time) of one `promtool test rules` run per test file, summed over the service\'s files (`<service>.test.yml` evaluated every minute, `.5m` and `.1h` for the longer tiers and the period). The example, and one service of N ratio SLOs with the default tiers and disjoint selectors. One run each: promtool\'s work is deterministic, but its CPU time moves by up to ±20% with the machine\'s load (the example\'s minute file measured 10.0–12.5 CPU-s in one afternoon).');
  out.push('');
  out.push(table(['config', 'SLOs', 'test groups', 'CPU-s', 'CPU-s / SLO', 'wall', `goal ≤ ${TEST_COST_GOAL_CPU_SECONDS_PER_SLO} CPU-s / SLO`], tests.map((t) => [
    t.name,
    String(t.slos),
    String(t.groups),
    seconds(t.cpuSeconds),
    seconds(t.cpuSeconds / t.slos),
    seconds(t.wallSeconds),
    (t.cpuSeconds / t.slos <= TEST_COST_GOAL_CPU_SECONDS_PER_SLO ? 'met' : '**missed**') + (t.failures.length ? ` **failed: ${t.failures[0]}**` : ''),
  ])));
  return out.join('\n');
}

/** Section 1: the generation curve. */
function generationSection(generation: readonly Measured[]): string {
  const out: string[] = ['\n## 1. Generation (`sloforge generate` as a process)\n'];
  const cold = generation.find((g) => g.name.startsWith('CLI cold start'));
  out.push(table(['case', 'runs', 'wall time', '× CLI cold start', 'peak RSS', 's / 1,000 SLOs', 'MB / 1,000 SLOs', 'goal'], generation.map((g) => [
    g.name,
    String(g.wall.runs),
    showSpread(g.wall, seconds),
    g === cold || g.name.startsWith('node') ? '' : showSpread(g.overColdStart, ratio),
    showSpread(g.rssKb, megabytes),
    g.slos && cold ? seconds((g.wall.median - cold.wall.median) / (g.slos / 1000)) : '',
    g.slos && cold ? megabytes((g.rssKb.median - cold.rssKb.median) / (g.slos / 1000)) : '',
    goalOfGeneration(g) + (g.failures.length ? ` **failed: ${g.failures[0]}**` : ''),
  ])));
  out.push('\nSynthetic configs: N/10 services × 10 ratio SLOs, JSON. Wall time from spawn to exit; peak RSS from GNU time `%M`. Per 1,000 SLOs: above the CLI cold start, so equal figures down the column mean linear growth.');
  return out.join('\n');
}

/** Seconds per 1,000 SLOs above the cold start, at the smallest and the largest synthetic config. */
function linearity(generation: readonly Measured[]): { text: string; linear: boolean } | undefined {
  const cold = generation.find((g) => g.name.startsWith('CLI cold start'));
  const sized = generation.filter((g) => g.slos).sort((a, b) => a.slos! - b.slos!);
  if (!cold || sized.length < 2) return undefined;
  const per = (g: Measured) => (g.wall.median - cold.wall.median) / (g.slos! / 1000);
  const [small, large] = [sized[0]!, sized[sized.length - 1]!];
  return { text: `${seconds(per(small))} per 1,000 SLOs at ${count(small.slos!)}, ${seconds(per(large))} at ${count(large.slos!)}`, linear: per(large) <= 1.25 * per(small) };
}

function goalOfGeneration(g: Measured): string {
  if (g.name.includes('example')) return g.wall.median < 0.5 ? 'under 0.5 s: met' : 'under 0.5 s: **missed**';
  if (g.slos === 10_000) return g.wall.median < 10 && g.rssKb.median < 300 * 1024 ? 'under 10 s and 300 MB: met' : 'under 10 s and 300 MB: **missed**';
  if (g.slos === 20_000) return 'linear: s / 1,000 SLOs as at 10,000';
  return '';
}

function signed(minutes: number): string {
  return `${minutes >= 0 ? '+' : ''}${Math.round(minutes)}m`;
}

/** Section 7: rule cost at 10,000 series and at 1,000 groups, against Sloth on the same data. */
function scaleSection(s: ScaleResults): string {
  const out: string[] = ['\n## 7. Rule cost at scale: 10,000 series, 1,000 groups\n'];
  const set = (name: string) => s.cost.find((c) => c.name === name)!;
  const timeRatio = (a: SetCost, b: SetCost, key: 'perRoundEvaluation' | 'perRoundHour') => spread(a[key].map((v, i) => v / b[key][i]!));
  const points = [
    { point: `one SLO over ${count(s.rawSeries)} series`, sf: set('sloforge'), sl: set('Sloth'), groups: 1 },
    { point: `groupBy route, ${count(s.groups)} groups`, sf: set('sloforge by route'), sl: set('Sloth by route'), groups: s.groups },
  ];
  out.push(points.map((p) => `**${p.point}:** sloforge takes ${showSpread(timeRatio(p.sf, p.sl, 'perRoundEvaluation'), ratio)} Sloth's seconds per evaluation (${showSpread(timeRatio(p.sf, p.sl, 'perRoundHour'), ratio)} of its rule seconds per hour) and reads ${ratio(p.sf.samplesPerEvaluation / p.sl.samplesPerEvaluation)} its samples.`).join(' '));
  out.push('');
  out.push(`${count(s.rawSeries)} counter series (${count(s.groups)} routes × 10 status codes, bench/traffic.ts's uneven load per route), a sample a minute, ${s.plan.days} day${s.plan.days === 1 ? '' : 's'} backfilled (${count(s.baseSamples)} raw samples): fewer days than section 2 to keep the backfill affordable, so every window of a day or longer (Sloth's 1d, 3d and 30d, sloforge's 1d, 3d and 30d tiles) reads the ${s.plan.days} day${s.plan.days === 1 ? '' : 's'} present. Recorded series, derived from the rules themselves and computed by Prometheus with the rules' own expressions (${count(s.recordedSamples)} samples): over the whole history, those some rule reads over a range — ${s.recorded.filter((r) => !r.tail).map((r) => `\`${r.record}\` every ${r.step}s`).join(', ')}; for the last minutes only, those read at an instant and computed from recorded series alone — ${s.recorded.filter((r) => r.tail).map((r) => `\`${r.record}\``).join(', ')}. Sloth's windows are read at an instant by its alerts but scan raw series: not backfilled, so its alerts read nothing (a few samples against millions). One history for both points: the ungrouped SLO reads all ${count(s.rawSeries)} series, the grouped one the same series by route.`);
  out.push('');
  out.push(`Sloth's grouped set: its spec has no groupBy, so a Sloth user writes \`sum by (route) (rate(…[{{.window}}]))\` into the error and total queries; the set is Sloth's generated file for the bench spec with exactly that edit in its seven raw-window SLI rules (\`sum(rate(\` → \`sum by (route) (rate(\`) and the SLO renamed; its 30d rule averages the per-route 5m ratios, its metadata and alerts keep the route label. sloforge's grouped set: \`sloforge generate\` for the bench SLO with \`groupBy: ['route']\`.`);
  out.push('');
  out.push(`Each set alone in its own Prometheus on the same blocks, every group at ${s.plan.interval}, ${s.plan.rounds} round(s) of at least ${s.plan.secondsPerRun} s and until every group has ${s.plan.minEvaluations ?? 0} evaluations after the dropped first (at most ${s.plan.maxSecondsPerRun ?? s.plan.secondsPerRun} s); measured as in section 2. Part run time ${seconds(s.seconds)}.`);
  out.push('');
  out.push(table(['point', 'rule set', 'seconds / evaluation', '÷ Sloth', 'rule seconds / hour', '÷ Sloth', 'samples / evaluation', '÷ Sloth', 'per group: ms / evaluation', 'per group: samples / evaluation'], points.flatMap((p) => [p.sf, p.sl].map((c) => [
    p.point,
    c.name,
    showSpread(c.perEvaluation, seconds),
    showSpread(timeRatio(c, p.sl, 'perRoundEvaluation'), ratio),
    showSpread(c.perHour, seconds),
    showSpread(timeRatio(c, p.sl, 'perRoundHour'), ratio),
    count(c.samplesPerEvaluation),
    ratio(c.samplesPerEvaluation / p.sl.samplesPerEvaluation),
    p.groups > 1 ? ((c.perEvaluation.median * 1000) / p.groups).toPrecision(3) : '',
    p.groups > 1 ? count(c.samplesPerEvaluation / p.groups) : '',
  ]))));
  out.push('');
  const grouped = set('sloforge by route');
  const rules = grouped.groups.flatMap((g) => g.ruleSamples.map((samples, i) => ({ group: g, name: g.ruleNames[i]!, samples, seconds: g.ruleMedians[i] ?? NaN })));
  const dayLong = rules.filter((r) => /ratio_rate(\d+d)$|increase_last_hour$/.test(r.name));
  const share = (pick: (r: (typeof rules)[number]) => number, of: typeof rules) => of.reduce((n, r) => n + pick(r), 0);
  const [flat, byGroup] = points.map((p) => timeRatio(p.sf, p.sl, 'perRoundEvaluation').median);
  const dayShare = share((r) => r.seconds, dayLong) / share((r) => r.seconds, rules);
  const slowest = [...rules].sort((a, b) => b.seconds - a.seconds)[0];
  const weak = slowest !== undefined && dayLong.includes(slowest);
  const verdict = byGroup! >= 1
    ? `**At ${count(s.groups)} groups sloforge's rules are slower than Sloth's (${ratio(byGroup!)} its time per evaluation)**${weak ? `; the day-long windows are ${percent(dayShare, 0)} of it, the slowest rule among them: they are the weak spot` : ''}.`
    : byGroup! > 1.1 * flat!
      ? `At ${count(s.groups)} groups sloforge keeps ahead of Sloth but less so (${ratio(byGroup!)} its time per evaluation against ${ratio(flat!)} ungrouped)${weak ? `. **The day-long windows over per-group hourly tiles are its weak spot:** ${percent(dayShare, 0)} of its time for ${percent(share((r) => r.samples, dayLong) / share((r) => r.samples, rules), 0)} of its samples, \`${slowest!.name}\` the slowest rule (${((slowest!.seconds * 1000) / s.groups).toPrecision(2)} ms per group per evaluation)` : ''}.`
      : `At ${count(s.groups)} groups sloforge stays as far ahead of Sloth as ungrouped (${ratio(byGroup!)} against ${ratio(flat!)}).`;
  out.push(verdict + ` Samples here under-count the tile windows: Prometheus 2.42 counts \`sum_over_time(last_over_time(…[1h])[…:1h])\` by the subquery's hourly points, not the samples under them (prometheus/prometheus#16638); the time is the measure.` + ` With ${s.plan.days} day${s.plan.days === 1 ? '' : 's'} present, the windows of a day or longer read less than in production in both sets (Sloth's 1d and 3d raw scans most of all); the ratio at a full 30-day history is not measured at this scale.`);
  out.push('');
  out.push(`Where sloforge's time goes at ${count(s.groups)} groups: the day-long windows (1d, 3d and 30d over hourly tiles, and the 5m-interval tiles themselves) take ${percent(share((r) => r.seconds, dayLong) / share((r) => r.seconds, rules), 0)} of its rule seconds per evaluation and ${percent(share((r) => r.samples, dayLong) / share((r) => r.samples, rules), 0)} of its samples. Its slowest rules (median seconds per evaluation, \`/api/v1/rules\` per rule):`);
  out.push('');
  out.push(table(['rule', 'group', 'interval', 'seconds / evaluation', 'samples / evaluation', 'per group: samples'], [...rules].sort((a, b) => b.seconds - a.seconds).slice(0, 10).map((r) => [r.name, r.group.name, `${r.group.productionInterval}s`, seconds(r.seconds), count(r.samples), count(r.samples / s.groups)])));
  return out.join('\n');
}


/** Section 8: rule cost per tier of a multi-cluster topology, against the README's sizing arithmetic. */
function clustersSection(c: ClustersResults): string {
  const out: string[] = ['\n## 8. Multi-cluster rule cost per tier\n'];
  out.push(`The bench SLO (99.9%, 30d, default tiers) in a \`topology\` of N edge servers (N = ${c.plan.clusters.join(' and ')}, external label \`cluster\`) and a global Prometheus, as \`sloforge generate\` writes it. **Edge:** one server's rules (every server's are the same, checked) over its ${count(c.rawSeries)} raw series, ${c.plan.edgeHours} h backfilled (the edge rules read 2m). **Global:** the global rules over what the edges remote-write — each edge rule's series from every cluster, the \`cluster\` label set, a value a minute — ${c.plan.days} days backfilled${c.plan.days < 30 ? ' (the 30d window reads the days present)' : ''}, with the recorded series the global rules read over a range computed from them by Prometheus. Each tier alone in its own Prometheus, every group at ${c.plan.interval}, ${c.plan.rounds} round(s) of at least ${c.plan.secondsPerRun} s; measured as in section 2. Part run time ${seconds(c.seconds)}.`);
  out.push('');
  out.push(table(['tier', 'N', 'rules', 'groups', 'series it reads from the edges', 'samples / evaluation', 'seconds / evaluation', 'rule seconds / hour'], c.tiers.map((t) => [
    t.tier === 'edge' ? 'each edge Prometheus' : 'global Prometheus',
    t.tier === 'edge' ? 'any' : String(t.clusters),
    String(t.rules),
    String(t.groups),
    t.tier === 'edge' ? `${count(t.series)} raw` : count(t.series),
    count(t.cost.samplesPerEvaluation),
    showSpread(t.cost.perEvaluation, seconds),
    showSpread(t.cost.perHour, seconds),
  ])));
  out.push('');
  out.push('Against the README\'s sizing arithmetic (section "Sizing, per evaluation": M = 1 SLO, G = 1 group):');
  out.push('');
  const rows: string[][] = [];
  const edge = c.tiers.find((t) => t.tier === 'edge')!;
  const edgeRead = 3 * edge.series * edge.rules;
  rows.push(['edge: rules', '2 per SLO', String(edge.rules), agree(edge.rules === 2)]);
  rows.push(['edge: samples', `3 per raw series per rule: 3 × ${count(edge.series)} × ${edge.rules} = ${count(edgeRead)}`, count(edge.cost.samplesPerEvaluation), agree(edge.cost.samplesPerEvaluation <= edgeRead, `as a bound: ${(edge.cost.samplesPerEvaluation / edge.series / edge.rules).toFixed(2)} per series per rule; \`[2m:1m]\` takes 2 points off the minute, 3 on it, and the errors rule's \`or 0 * …\` fallback reads the total's series as well`)]);
  const globals = c.tiers.filter((t) => t.tier === 'global');
  for (const g of globals) {
    const n = g.clusters;
    rows.push([`global, N = ${n}: rules`, `≈ 30 + N = ${30 + n}`, String(g.rules), agree(g.rules === 30 + n)]);
    rows.push([`global, N = ${n}: re-record samples`, `2·N·G·2 = ${4 * n}`, count(g.edgeReads!.reRecord), agree(g.edgeReads!.reRecord <= 4 * n && g.edgeReads!.reRecord >= 2 * n, g.edgeReads!.reRecord < 4 * n ? 'within: one sample per series when the global rules run off the edges\' minute' : '')]);
    rows.push([`global, N = ${n}: breakdown samples`, `2·N·G·5 = ${10 * n}`, count(g.edgeReads!.breakdown), agree(g.edgeReads!.breakdown <= 10 * n && g.edgeReads!.breakdown >= 8 * n)]);
    rows.push([`global, N = ${n}: per-cluster no-data alerts`, 'not in the table', count(g.edgeReads!.noData), '']);
  }
  if (globals.length >= 2) {
    const rest = globals.map((g) => g.cost.samplesPerEvaluation - g.edgeReads!.reRecord - g.edgeReads!.breakdown - g.edgeReads!.noData);
    const spreadOfRest = (Math.max(...rest) - Math.min(...rest)) / Math.max(...rest);
    rows.push(['global: everything else', 'independent of N', globals.map((g, i) => `N = ${g.clusters}: ${count(rest[i]!)}`).join(', '), agree(spreadOfRest <= 0.05)]);
  }
  out.push(table(['figure', 'README', 'measured', 'agree'], rows));
  return out.join('\n');
}

function agree(yes: boolean, note = ''): string {
  return `${yes ? 'yes' : '**no**'}${note ? ` (${note})` : ''}`;
}
