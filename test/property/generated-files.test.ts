/**
 * Property tests: random valid configs (see arbitraries.ts) compile into files the real
 * tools accept, and whose alerts behave as their generated tests say. `npm test` runs a
 * quick sample; `SLOFORGE_FUZZ=long` (in .ci/run) a longer one with day-long windows.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../src/config/validate.ts';
import { render } from '../../src/render.ts';
import { emit } from '../../src/output/emit.ts';
import type { SloforgeConfig } from '../../src/config/types.ts';
import { promtool, run, testRules, type Run } from '../support/promtool.ts';
import { config } from './arbitraries.ts';

const LONG = process.env.SLOFORGE_FUZZ === 'long';
/** Fixed, so a red run is reproducible; set SLOFORGE_FUZZ_SEED to explore others. */
const seed = Number(process.env.SLOFORGE_FUZZ_SEED ?? (LONG ? 20261129 : 1));
const SOURCE = 'fuzz.json';

/**
 * The same config with services, SLOs and every object's keys in reverse order, but for
 * the severity levels, whose order is their urgency.
 */
function reordered(input: SloforgeConfig): SloforgeConfig {
  const reverseKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(reverseKeys);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, k === 'severities' ? v : reverseKeys(v)]));
  };
  return reverseKeys({ ...input, services: [...input.services].reverse().map((s) => ({ ...s, slos: [...s.slos].reverse() })) }) as SloforgeConfig;
}

async function rendered(input: SloforgeConfig): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'sloforge-fuzz-')), 'generated');
  await emit(dir, render(validateConfig(input, SOURCE)));
  return dir;
}

function passes(what: string, result: Run): void {
  expect(result.code, `${what}:\n${result.output}`).toBe(0);
}

/** Shows the failing config as JSON, ready to paste into a file and run `sloforge generate` on. */
const reporter = { reporter: (details: fc.RunDetails<[SloforgeConfig]>) => {
  if (details.failed) throw new Error(`${fc.defaultReportMessage(details)}\nconfig: ${JSON.stringify(details.counterexample?.[0])}`);
} };

describe('random valid configs', () => {
  it('render the same bytes for the same and for reordered input, and give rules, a Prometheus and an Alertmanager config the tools accept', async () => {
    await fc.assert(
      fc.asyncProperty(config({ dayLongWindows: LONG, yearPeriods: LONG }), async (input) => {
        const files = [...render(validateConfig(input, SOURCE))];
        expect([...render(validateConfig(structuredClone(input), SOURCE))]).toEqual(files);
        expect([...render(validateConfig(reordered(input), SOURCE))]).toEqual(files);
        const dir = await rendered(input);
        try {
          const rules = (await readdir(join(dir, 'prometheus/rules'))).map((f) => join(dir, 'prometheus/rules', f));
          passes('promtool check rules', await promtool(['check', 'rules', '--lint=all', '--lint-fatal', ...rules]));
          passes('promtool check config', await promtool(['check', 'config', join(dir, 'prometheus/prometheus.yml')]));
          passes('vmalert -dryRun', await run('vmalert', ['-dryRun', '-loggerLevel=ERROR', ...rules.map((r) => `-rule=${r}`)]));
          if (input.alertmanager) passes('amtool check-config', await run('amtool', ['check-config', join(dir, 'alertmanager/alertmanager.yml')]));
        } finally {
          await rm(join(dir, '..'), { recursive: true, force: true });
        }
      }),
      { numRuns: LONG ? 300 : 25, seed, includeErrorInReport: true, ...reporter },
    );
  });

  it('give unit tests that pass in promtool: each alert fires when the window math says, and stays silent below', async () => {
    await fc.assert(
      fc.asyncProperty(config({ dayLongWindows: LONG }), async (input) => {
        const dir = await rendered(input);
        try {
          for (const test of await readdir(join(dir, 'prometheus/tests'))) passes(`promtool test rules ${test}`, await testRules(join(dir, 'prometheus/tests', test)));
        } finally {
          await rm(join(dir, '..'), { recursive: true, force: true });
        }
      }),
      // Each run costs promtool seconds (the day-long tiers' tests step at 5m and 1h): no shrinking, the failing config is printed whole.
      { numRuns: LONG ? 48 : 6, seed, endOnFailure: true, includeErrorInReport: true, ...reporter },
    );
  }, LONG ? 30 * 60_000 : undefined);
});
