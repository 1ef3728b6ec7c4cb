/**
 * Generation speed: `sloforge generate` as a real process, wall time and peak RSS, for
 * the example config and synthetic JSON configs of N SLOs (N/10 services of 10 SLOs);
 * baselines in the same run: `node -e 0` and the CLI's cold start (`sloforge --help`;
 * the CLI has no --version). Peak RSS from GNU time's %M (bench/timed.ts).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spread, type Spread } from './stats.ts';
import { requireGnuTime, timed } from './timed.ts';

export interface Case {
  readonly name: string;
  readonly args: string[];
  readonly runs: number;
  /** SLOs in a synthetic config. */
  readonly slos?: number;
}

export interface Measured {
  readonly name: string;
  readonly wall: Spread;
  readonly rssKb: Spread;
  /** Per run: wall time over the CLI cold start of the same round. */
  readonly overColdStart: Spread;
  readonly failures: string[];
  readonly slos?: number;
}

const BIN = 'bin/sloforge.js';

/** A config of `count` ratio SLOs, 10 per service. */
export function syntheticConfig(count: number): object {
  const services = Array.from({ length: Math.ceil(count / 10) }, (_, s) => ({
    name: `svc-${s}`,
    slos: Array.from({ length: Math.min(10, count - s * 10) }, (_, i) => ({
      name: `requests-${i}`,
      objective: 99.9,
      sli: { ratio: { errors: `http_requests_total{job="svc-${s}",route="r${i}",code=~"5.."}`, total: `http_requests_total{job="svc-${s}",route="r${i}"}` } },
    })),
  }));
  return { services };
}

export async function generation(work: string, sizes: readonly { count: number; runs: number }[], runs: number, log: (line: string) => void): Promise<Measured[]> {
  requireGnuTime('generation');
  await mkdir(work, { recursive: true });
  const out = join(work, 'out');
  const cases: Case[] = [
    { name: 'node -e 0', args: ['-e', '0'], runs },
    { name: 'CLI cold start (sloforge --help)', args: [BIN, '--help'], runs },
    { name: 'generate: example slo.config.ts', args: [BIN, 'generate', '--config', 'slo.config.ts', '--out', out], runs },
  ];
  for (const { count, runs: n } of sizes) {
    const file = join(work, `synthetic-${count}.json`);
    await writeFile(file, JSON.stringify(syntheticConfig(count)));
    cases.push({ name: `generate: ${count.toLocaleString('en-US')} SLOs`, args: [BIN, 'generate', '--config', file, '--out', out], runs: n, slos: count });
  }
  const results = new Map(cases.map((c) => [c.name, { wall: [] as number[], rss: [] as number[], over: [] as number[], failures: [] as string[] }]));
  const rounds = Math.max(...cases.map((c) => c.runs));
  for (let round = 0; round < rounds; round++) {
    let coldStart = NaN;
    for (const c of cases) {
      if (round >= c.runs) continue;
      await rm(out, { recursive: true, force: true });
      // `--help` exits 0; everything else too, or it is reported as a failure.
      const run = await timed([process.execPath, ...c.args], process.cwd());
      const r = results.get(c.name)!;
      if (run.code !== 0) r.failures.push(`exit ${run.code}: ${run.output.slice(-300)}`);
      r.wall.push(run.wall);
      r.rss.push(run.rssKb);
      if (c.args[1] === '--help') coldStart = run.wall;
      r.over.push(run.wall / coldStart);
    }
    log(`generation: round ${round + 1}/${rounds} done`);
  }
  await rm(out, { recursive: true, force: true });
  return cases.map((c) => {
    const r = results.get(c.name)!;
    return { name: c.name, wall: spread(r.wall), rssKb: spread(r.rss), overColdStart: spread(r.over.filter(Number.isFinite)), failures: r.failures, ...(c.slos ? { slos: c.slos } : {}) };
  });
}
