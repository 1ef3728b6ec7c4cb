/**
 * `npm run bench [-- --quick]`: generation speed, rule cost and accuracy against Sloth,
 * and alert timing; prints the tables and writes bench/RESULTS.md. A benchmark, not a
 * test: no figure fails it, only an error in a step does.
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
import { accuracy } from './accuracy.ts';
import { alertTiming, OUTAGE } from './alert-timing.ts';
import { generation } from './generation.ts';
import { report, type Results } from './report.ts';

const quick = process.argv.includes('--quick');
const PLAN = quick
  ? { days: 4, margin: 10 * 60, rounds: 1, secondsPerRun: 30, interval: '5s', generationRuns: 3, sizes: [{ count: 100, runs: 3 }, { count: 1000, runs: 3 }], healthy: 6 * 60 + 10, neverMinutes: 6 * 60, maxBurnMinutes: 8 * 60 }
  : { days: 35, margin: 40 * 60, rounds: 3, secondsPerRun: 40, interval: '5s', generationRuns: 5, sizes: [{ count: 100, runs: 5 }, { count: 1000, runs: 5 }, { count: 10_000, runs: 2 }], healthy: undefined, neverMinutes: 3 * 24 * 60 + 4 * 60, maxBurnMinutes: Infinity };

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

  // The history ends in the future: the rules, evaluated on the wall clock, see data
  // up to "now" for as long as the cost and accuracy runs take.
  const end = Math.ceil((Date.now() / 1000 + PLAN.margin) / 300) * 300;
  const dataset = await buildDataset(join(work, 'history'), PLAN.days, end, sets, log);
  const cost = await ruleCost(sets, dataset.dataDir, end, join(work, 'cost'), PLAN, log);
  const exactness = await accuracy(sets, dataset, work);
  log('accuracy done');
  await rm(join(work, 'history'), { recursive: true, force: true });

  const groupOrder = sets[0]!.groups.map((g) => g.name);
  const timing = await alertTiming(model, rulesFile, groupOrder, join(work, 'timing'), PLAN.neverMinutes, log, PLAN.healthy, PLAN.maxBurnMinutes);

  const speed = await generation(join(work, 'generation'), PLAN.sizes, PLAN.generationRuns, log);

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
    dataset: { days: PLAN.days, rawSamples: dataset.rawSamples, recordedSamples: dataset.recordedSamples },
    cost,
    accuracy: exactness,
    timing,
    outage: OUTAGE,
    generation: speed,
    seconds: (performance.now() - began) / 1000,
  };
  const text = report(results);
  process.stdout.write(`${text}\n`);
  await writeFile(fileURLToPath(new URL('./RESULTS.md', import.meta.url)), text);
  log(`wrote bench/RESULTS.md in ${results.seconds.toFixed(0)} s`);
} finally {
  await rm(work, { recursive: true, force: true });
}
