/** Runs the real promtool on generated files. */
import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import { parse } from 'yaml';
import { toYaml } from '../../src/output/serialize.ts';
import { parseDuration } from '../../src/model/duration.ts';

export interface Run {
  readonly code: number;
  readonly output: string;
}

export function promtool(args: readonly string[], cwd?: string): Promise<Run> {
  return run('promtool', args, cwd);
}

/** Runs a command to completion, its stdout and stderr joined. */
export function run(command: string, args: readonly string[], cwd?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/**
 * `promtool test rules` on a generated test file, its test groups spread over one
 * promtool per core: the same file, cut into shards beside it so its relative
 * rule_files still resolve. Every group runs; the runs' outputs are joined.
 */
export async function testRules(file: string): Promise<Run> {
  const suite = parse(await readFile(file, 'utf8')) as { tests: TestGroup[] };
  if (suite.tests.length === 0) return promtool(['test', 'rules', file]);
  const shards = balance(suite.tests, Math.max(1, Math.min(availableParallelism(), suite.tests.length)));
  const paths = shards.map((_, i) => join(dirname(file), `.shard-${i}-${basename(file)}`));
  try {
    await Promise.all(paths.map((path, i) => writeFile(path, toYaml({ ...suite, tests: shards[i] }))));
    const runs = await Promise.all(paths.map((path) => promtool(['test', 'rules', path])));
    return { code: Math.max(...runs.map((r) => r.code)), output: runs.map((r) => r.output).join('\n') };
  } finally {
    await Promise.all(paths.map((path) => rm(path, { force: true })));
  }
}

/**
 * Whether `promtool test rules` fails on a generated test file, found without running
 * every group where one already failed: each group alone, cheapest first, one promtool
 * per core, stopping at the first group that fails. Where none fails every group has run,
 * so a pass is the same proof as testRules. For the deliberate breaks, which need only
 * one failing group each.
 */
export async function testRulesUntilFailure(file: string): Promise<Run> {
  const suite = parse(await readFile(file, 'utf8')) as { tests: TestGroup[] };
  const groups = [...suite.tests].sort((a, b) => cost(a) - cost(b));
  const outputs: string[] = [];
  let next = 0;
  let failed: Run | undefined;
  const worker = async (slot: number) => {
    const path = join(dirname(file), `.group-${slot}-${basename(file)}`);
    try {
      while (failed === undefined && next < groups.length) {
        await writeFile(path, toYaml({ ...suite, tests: [groups[next++]] }));
        const run = await promtool(['test', 'rules', path]);
        outputs.push(run.output);
        if (run.code !== 0) failed ??= run;
      }
    } finally {
      await rm(path, { force: true });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(availableParallelism(), groups.length)) }, (_, slot) => worker(slot)));
  return failed ?? { code: 0, output: outputs.join('\n') };
}

interface TestGroup {
  readonly promql_expr_test?: { eval_time: string }[];
  readonly alert_rule_test?: { eval_time: string }[];
}

/** Groups into shards of about equal cost: promtool's work grows with the last evaluation time. */
function balance(groups: readonly TestGroup[], count: number): TestGroup[][] {
  const shards = Array.from({ length: count }, () => ({ cost: 0, groups: [] as TestGroup[] }));
  for (const group of [...groups].sort((a, b) => cost(b) - cost(a))) {
    const lightest = shards.reduce((a, b) => (b.cost < a.cost ? b : a));
    lightest.groups.push(group);
    lightest.cost += cost(group);
  }
  return shards.map((s) => s.groups).filter((g) => g.length > 0);
}

function cost(group: TestGroup): number {
  return Math.max(1, ...[...(group.promql_expr_test ?? []), ...(group.alert_rule_test ?? [])].map((t) => minutes(t.eval_time)));
}

function minutes(duration: string): number {
  return (parseDuration(duration) ?? 0) / 60;
}
