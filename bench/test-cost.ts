/**
 * The generated promtool tests' cost: CPU-seconds (user + system, GNU time) of
 * `promtool test rules` over every test file of a service, per SLO, for the example
 * config and for one service of 1, 5 and 10 ratio SLOs with the default tiers (their
 * selectors disjoint, as routes of one job). Linear in the number of SLOs when the
 * per-SLO figure stays flat.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { parse } from 'yaml';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load.ts';
import { validateConfig } from '../src/config/validate.ts';
import { render } from '../src/render.ts';
import { emit } from '../src/output/emit.ts';
import type { Model } from '../src/model/slo.ts';
import { requireGnuTime, timed } from './timed.ts';

export interface TestCost {
  readonly name: string;
  readonly slos: number;
  /** Test groups, over all the service's test files. */
  readonly groups: number;
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  readonly failures: string[];
}

/** The per-SLO goal of issue 14. */
export const TEST_COST_GOAL_CPU_SECONDS_PER_SLO = 5;

/** One service of `count` ratio SLOs with the default tiers, routes of one job. */
export function routesConfig(count: number): object {
  return {
    services: [
      {
        name: 'api',
        slos: Array.from({ length: count }, (_, i) => ({
          name: `route-${i}`,
          objective: 99.9,
          sli: { ratio: { errors: `http_requests_total{job="api",route="/r${i}",code=~"5.."}`, total: `http_requests_total{job="api",route="/r${i}"}` } },
        })),
      },
    ],
  };
}

export async function testCost(work: string, sizes: readonly number[], log: (line: string) => void): Promise<TestCost[]> {
  requireGnuTime('tests');
  const cases: { name: string; model: Model }[] = [{ name: 'example slo.config.ts', model: await loadConfig('slo.config.ts', 'slo.config.ts') }];
  for (const count of sizes) cases.push({ name: `1 service of ${count} SLO${count === 1 ? '' : 's'}`, model: validateConfig(routesConfig(count), `bench: ${count} SLOs`) });
  const results: TestCost[] = [];
  for (const { name, model } of cases) {
    const out = join(work, 'out');
    await rm(out, { recursive: true, force: true });
    await emit(out, render(model));
    const dir = join(out, 'prometheus/tests');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.test.yml')).sort();
    let cpu = 0;
    let wall = 0;
    let groups = 0;
    const failures: string[] = [];
    for (const file of files) {
      const run = await timed(['promtool', 'test', 'rules', file], dir);
      cpu += run.cpu;
      wall += run.wall;
      groups += (parse(await readFile(join(dir, file), 'utf8')) as { tests: unknown[] }).tests.length;
      if (run.code !== 0) failures.push(`${file}: exit ${run.code}: ${run.output.slice(-300)}`);
    }
    const slos = model.services.reduce((n, s) => n + s.slos.length, 0);
    results.push({ name, slos, groups, cpuSeconds: cpu, wallSeconds: wall, failures });
    log(`tests: ${name}: ${cpu.toFixed(1)} CPU-s over ${files.length} files`);
  }
  await rm(join(work, 'out'), { recursive: true, force: true });
  return results;
}
