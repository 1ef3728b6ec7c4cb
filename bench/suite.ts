/**
 * sloforge's own test suite: `npm test` as the README runs it (the type check beside
 * vitest), once, on an otherwise idle machine: its wall time, the CPU time of every
 * process it started (GNU time), and the tests it passed.
 */
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { requireGnuTime, timed } from './timed.ts';

export interface SuiteCost {
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly passed: number;
  readonly failed: number;
  /** vitest's name of each failed test or file: `file > describe > test`. */
  readonly failures: readonly string[];
  readonly code: number;
}

/** Issue 14's goal for `npm test` on this 2-core machine. */
export const SUITE_GOAL_SECONDS = 240;

const REPO = fileURLToPath(new URL('..', import.meta.url));

export async function suiteCost(log: (line: string) => void): Promise<SuiteCost> {
  requireGnuTime('suite');
  log('suite: npm test');
  const run = await timed(['npm', 'test'], REPO);
  // The summary reporter's last line: "N passed, N failed".
  const summary = [...run.output.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
  if (!summary) throw new Error(`bench suite: npm test printed no "N passed, N failed" line (exit ${run.code}): ${run.output.slice(-600)}`);
  // vitest's summary of failures names each as ` FAIL  file > describe > test`.
  const failures = [...new Set(stripVTControlCharacters(run.output).split('\n').flatMap((line) => /^\s*FAIL\s+(.+?)\s*$/.exec(line)?.[1] ?? []))];
  log(`suite: ${run.wall.toFixed(0)} s, ${run.cpu.toFixed(0)} CPU-s, ${summary[0]}${failures.map((name) => `\n  failed: ${name}`).join('')}`);
  return { wallSeconds: run.wall, cpuSeconds: run.cpu, passed: Number(summary[1]), failed: Number(summary[2]), failures, code: run.code };
}
