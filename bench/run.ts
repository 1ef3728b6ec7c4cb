/**
 * `npm run bench [-- --quick] [-- --parts cost,scale,clusters,timing,generation,backtest,tests,suite]`:
 * generation speed, rule cost and accuracy against Sloth, rule cost at 10,000 series and
 * 1,000 groups against Sloth, rule cost per tier of a multi-cluster topology, alert
 * timing, the backtest's cost, the generated promtool tests' cost per SLO and the time
 * of sloforge's own `npm test`; prints the tables. When every part
 * ran, a full run writes bench/RESULTS.md and a quick run bench/RESULTS.quick.md (not
 * committed), so a quick run never replaces the full run's figures. `cost` includes the
 * accuracy tables (they read the same backfilled history). A benchmark, not a test: no
 * figure fails it, only an error in a step does.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import config from './sloth.config.ts';
import { validateConfig } from '../src/config/validate.ts';
import { render } from '../src/render.ts';
import { emit } from '../src/output/emit.ts';
import { promtool } from '../test/support/promtool.ts';
import { ruleSets } from './rule-sets.ts';
import { buildDataset } from './history.ts';
import { ruleCost } from './rule-cost.ts';
import { accuracy, accuracyOverTime } from './accuracy.ts';
import { alertTiming, OUTAGE } from './alert-timing.ts';
import { generation } from './generation.ts';
import { report, type Results } from './report.ts';
import { backtestCost, backtestSection } from './backtest.ts';
import { testCost } from './test-cost.ts';
import { scaleCost, type ScalePlan } from './scale.ts';
import { clustersCost, type ClustersPlan } from './clusters.ts';
import { suiteCost } from './suite.ts';

const quick = process.argv.includes('--quick');
const PARTS = ['cost', 'scale', 'clusters', 'timing', 'generation', 'backtest', 'tests', 'suite'] as const;
const partsArgument = process.argv[process.argv.indexOf('--parts') + 1];
const parts = new Set(process.argv.includes('--parts') ? (partsArgument ?? '').split(',') : PARTS);
for (const part of parts) if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--parts: unknown part "${part}"; the parts are ${PARTS.join(', ')}`);
const PLAN = quick
  ? { days: 4, margin: 10 * 60, rounds: 1, secondsPerRun: 30, interval: '5s', generationRuns: 3, sizes: [{ count: 100, runs: 3 }, { count: 1000, runs: 3 }], healthy: 6 * 60 + 10, neverMinutes: 6 * 60, maxBurnMinutes: 8 * 60 }
  : { days: 35, margin: 40 * 60, rounds: 3, secondsPerRun: 40, interval: '5s', generationRuns: 5, sizes: [{ count: 1000, runs: 5 }, { count: 5000, runs: 3 }, { count: 10_000, runs: 3 }, { count: 20_000, runs: 2 }], healthy: undefined, neverMinutes: 3 * 24 * 60 + 4 * 60, maxBurnMinutes: Infinity };

/** Rule cost at 10,000 series and 1,000 groups: fewer days than the cost run, so the backfill stays affordable; the slow sets run until they have evaluated a few times. */
const SCALE_PLAN: ScalePlan = quick
  ? { days: 0.5, margin: 20 * 60, rounds: 1, secondsPerRun: 20, interval: '5s', minEvaluations: 3, maxSecondsPerRun: 120 }
  : { days: 1, margin: 45 * 60, rounds: 1, secondsPerRun: 40, interval: '5s', minEvaluations: 5, maxSecondsPerRun: 300 };
/** The bench SLO in topologies of 2 and 10 edge servers: the edge's rules and the global rules on backfilled data. */
const CLUSTERS_PLAN: ClustersPlan = quick
  ? { clusters: [2, 10], days: 2, edgeHours: 3, margin: 10 * 60, rounds: 1, secondsPerRun: 15, interval: '5s', minEvaluations: 3, maxSecondsPerRun: 60 }
  : { clusters: [2, 10], days: 31, edgeHours: 3, margin: 20 * 60, rounds: 2, secondsPerRun: 20, interval: '5s', minEvaluations: 5, maxSecondsPerRun: 120 };
const BACKTEST_PLAN = quick ? { days: 7, series: 100 } : { days: 30, series: 1000 };
/** SLOs in the one-service configs whose generated tests are timed: the same in a quick run, as the figure is per SLO. */
const TEST_COST_SIZES = [1, 5, 10];

const log = (line: string) => process.stderr.write(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
const began = performance.now();
const work = await mkdtemp(join(tmpdir(), 'sloforge-bench-'));
try {
  log(`${quick ? 'quick' : 'full'} run in ${work}`);
  const model = validateConfig(config, 'bench/sloth.config.ts');
  const generated = join(work, 'generated');
  await emit(generated, render(model));
  const rulesFile = join(generated, 'prometheus/rules/myservice.yml');
  const sets = await ruleSets(rulesFile);

  let measured: Pick<Results, 'dataset' | 'cost' | 'accuracy' | 'overTime'> | undefined;
  if (parts.has('cost')) {
    // The history ends in the future: the rules, evaluated on the wall clock, see data
    // up to "now" for as long as the cost and accuracy runs take. The burn ends two
    // hours before the history is built, so it and the half hour after it are in the past.
    const end = Math.ceil((Date.now() / 1000 + PLAN.margin) / 300) * 300;
    const burnEnd = end - PLAN.margin - 2 * 3600;
    const dataset = await buildDataset(join(work, 'history'), PLAN.days, end, burnEnd, sets, log);
    const cost = await ruleCost(sets, dataset.dataDir, end, join(work, 'cost'), PLAN, log);
    const exactness = await accuracy(sets, dataset, work);
    const overTime = await accuracyOverTime(sets, dataset, burnEnd, work);
    log('accuracy done');
    await rm(join(work, 'history'), { recursive: true, force: true });
    measured = { dataset: { days: PLAN.days, rawSamples: dataset.rawSamples, recordedSamples: dataset.recordedSamples }, cost, accuracy: exactness, overTime };
  }

  const scale = parts.has('scale') ? await scaleCost(sets, join(work, 'scale'), SCALE_PLAN, log) : undefined;
  if (scale) await rm(join(work, 'scale'), { recursive: true, force: true });
  const clusters = parts.has('clusters') ? await clustersCost(join(work, 'clusters'), CLUSTERS_PLAN, log) : undefined;
  if (clusters) await rm(join(work, 'clusters'), { recursive: true, force: true });

  const groupOrder = sets[0]!.groups.map((g) => g.name);
  const timing = parts.has('timing') ? await alertTiming(model, rulesFile, groupOrder, join(work, 'timing'), PLAN.neverMinutes, log, PLAN.healthy, PLAN.maxBurnMinutes) : undefined;

  const speed = parts.has('generation') ? await generation(join(work, 'generation'), PLAN.sizes, PLAN.generationRuns, log) : undefined;
  const tests = parts.has('tests') ? await testCost(join(work, 'tests'), TEST_COST_SIZES, log) : undefined;
  const backtest = parts.has('backtest') ? await backtestCost(join(work, 'backtest'), BACKTEST_PLAN, Math.floor(Date.now() / 86_400_000) * 86_400, log) : undefined;
  // Last and alone, as a user's `npm test` would be: nothing else of the bench runs beside it.
  const suite = parts.has('suite') ? await suiteCost(log) : undefined;

  const results: Results = {
    quick,
    plan: PLAN,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      prometheus: (await promtool(['--version'])).output.split('\n')[0] ?? '',
      date: new Date().toISOString(),
    },
    ...measured,
    scale,
    clusters,
    timing,
    outage: OUTAGE,
    generation: speed,
    tests,
    suite,
    seconds: (performance.now() - began) / 1000,
  };
  const text = backtest ? `${report(results)}\n${backtestSection(backtest)}\n` : report(results);
  process.stdout.write(`${text}\n`);
  const written = quick ? 'RESULTS.quick.md' : 'RESULTS.md';
  if (parts.size === PARTS.length) {
    // The committed RESULTS.md holds a full run's figures only: whatever computed `written`, a quick report never lands there.
    if (written === 'RESULTS.md' && (quick || text.includes('quick run (`npm run bench -- --quick`)'))) throw new Error('bench: a quick run must not overwrite bench/RESULTS.md');
    await writeFile(fileURLToPath(new URL(`./${written}`, import.meta.url)), text);
    log(`wrote bench/${written} in ${results.seconds.toFixed(0)} s`);
  } else {
    log(`parts ${[...parts].join(', ')} only: bench/${written} left as it is`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
