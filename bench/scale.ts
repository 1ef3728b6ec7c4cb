/**
 * Rule cost at scale (`--parts scale`): the points a large user hits, against Sloth's
 * rules on the same data. One history of 10,000 raw counter series (1,000 routes × 10
 * status codes, a sample a minute) serves both points:
 *
 * - one SLO over all 10,000 series: sloforge's rules for bench/sloth.config.ts and Sloth's
 *   generated rules for the same spec, as in the 1,000-series cost run;
 * - one SLO grouped by `route`, 1,000 groups of 10 series: sloforge's rules for the same
 *   SLO with `groupBy: ['route']`, and Sloth's with `sum by (route)` in its SLI queries.
 *   Sloth's spec has no groupBy; a Sloth user writes the aggregation into `errorQuery` and
 *   `totalQuery` (`sum by (route) (rate(…[{{.window}}]))`), which Sloth copies into every
 *   window's rule and averages per route for the 30d window. The set here is Sloth's
 *   generated file with exactly that edit in its SLI recordings (every `sum(rate(` becomes
 *   `sum by (route) (rate(`), and the SLO renamed so its series do not collide with the
 *   ungrouped one's; its metadata and alert rules keep the route label through their
 *   `on(…) group_left` and `without (sloth_window)`.
 */
import { join } from 'node:path';
import { validateConfig } from '../src/config/validate.ts';
import { render } from '../src/render.ts';
import { emit } from '../src/output/emit.ts';
import config from './sloth.config.ts';
import { readGroups, type Group, type RuleSet } from './rule-sets.ts';
import { buildHistory, type Write } from './recorded-history.ts';
import { ruleCost, type CostOptions, type SetCost } from './rule-cost.ts';
import { CODES, expectedPerMinute, generator, METRIC, STEP_SECONDS, JOB, type Series } from './traffic.ts';

const ROUTES = 1000;
const GROUPED_SLO = 'requests-availability-by-route';

export interface ScalePlan extends CostOptions {
  readonly days: number;
  /** Seconds the history runs past the start of the run: the cost runs must end before it does. */
  readonly margin: number;
}

export interface ScaleResults {
  readonly plan: ScalePlan;
  readonly rawSeries: number;
  readonly groups: number;
  readonly baseSamples: number;
  readonly recordedSamples: number;
  readonly recorded: readonly { record: string; step: number; tail: boolean }[];
  readonly seconds: number;
  /** `sloforge`, `Sloth`: one SLO over every series; `sloforge by route`, `Sloth by route`: grouped. */
  readonly cost: SetCost[];
}

function routeSeries(): Series[] {
  const series: Series[] = [];
  for (let r = 0; r < ROUTES; r++) {
    const route = `r${String(r).padStart(3, '0')}`;
    for (const code of CODES) series.push({ instance: route, code, labels: `{job="${JOB}",route="${route}",code="${code}"}` });
  }
  return series;
}

/** sloforge's rules for the bench SLO grouped by route, under its own SLO name. */
async function sloforgeByRoute(work: string): Promise<Group[]> {
  const [service] = config.services;
  const [slo] = service!.slos;
  const sli = (slo as { sli: { ratio: object } }).sli;
  const grouped = { ...config, services: [{ ...service!, slos: [{ ...slo!, name: GROUPED_SLO, sli: { ratio: { ...sli.ratio, groupBy: ['route'] } } }] }] };
  const out = join(work, 'sloforge-by-route');
  await emit(out, render(validateConfig(grouped, 'bench/scale.ts: the bench SLO grouped by route')));
  return readGroups(join(out, `prometheus/rules/${service!.name}.yml`));
}

/** Sloth's generated rules with `sum by (route)` in its SLI queries; see the file comment. */
function slothByRoute(sloth: readonly Group[]): Group[] {
  let edits = 0;
  const renamed = JSON.parse(JSON.stringify(sloth).replaceAll('requests-availability', GROUPED_SLO)) as Group[];
  const groups = renamed.map((g) => ({
    ...g,
    rules: g.rules.map((r) => {
      if (!r.record?.startsWith('slo:sli_error:ratio_rate') || !r.expr.includes('sum(rate(')) return r;
      edits++;
      return { ...r, expr: r.expr.replaceAll('sum(rate(', 'sum by (route) (rate(') };
    }),
  }));
  // Sloth's seven raw windows, 5m to 3d; its 30d window averages the 5m ratio and keeps the route on its own.
  if (edits !== 7) throw new Error(`bench scale: expected 7 Sloth SLI rules reading sum(rate(…)), edited ${edits}: Sloth's generated file changed shape`);
  return groups;
}

export async function scaleCost(sets: readonly RuleSet[], work: string, plan: ScalePlan, log: (line: string) => void): Promise<ScaleResults> {
  const began = performance.now();
  const byName = (name: string) => sets.find((s) => s.name === name)!;
  const scaleSets: RuleSet[] = [
    byName('sloforge'),
    byName('Sloth'),
    { name: 'sloforge by route', groups: await sloforgeByRoute(work) },
    { name: 'Sloth by route', groups: slothByRoute(byName('Sloth').groups) },
  ];
  const end = Math.ceil((Date.now() / 1000 + plan.margin) / 300) * 300;
  const start = end - plan.days * 86400;
  const series = routeSeries();
  const history = await buildHistory({ work: join(work, 'history'), start, end, sets: scaleSets, writeBase: (write) => writeCounters(write, series, start, end), log: (line) => log(`scale ${line}`) });
  const cost = await ruleCost(scaleSets, history.dataDir, end, join(work, 'cost'), plan, (line) => log(`scale ${line}`));
  return {
    plan,
    rawSeries: series.length,
    groups: ROUTES,
    baseSamples: history.baseSamples,
    recordedSamples: history.recordedSamples,
    recorded: history.stages.flat(),
    seconds: (performance.now() - began) / 1000,
    cost,
  };
}

/** The counters, each series' samples in time order; bench/traffic.ts's uneven load per route, no burn. */
async function writeCounters(write: Write, series: readonly Series[], start: number, end: number): Promise<number> {
  await write(`# HELP ${METRIC} Synthetic requests.\n# TYPE ${METRIC} counter\n`);
  const random = generator(7);
  const steps = (end - start) / STEP_SECONDS;
  for (const [index, s] of series.entries()) {
    const name = `${METRIC}${s.labels} `;
    let value = 0;
    let chunk = '';
    for (let k = 0; k <= steps; k++) {
      const t = start + k * STEP_SECONDS;
      if (k > 0) value += Math.floor(expectedPerMinute(s, Math.floor(index / CODES.length), t, 0) + random());
      chunk += `${name}${value} ${t}\n`;
      if (chunk.length > 1 << 20) {
        await write(chunk);
        chunk = '';
      }
    }
    await write(chunk);
  }
  return series.length * (steps + 1);
}
