import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // vitest's default on 2 cores is one file at a time (cores - 1). Much of a file's time
    // is spent waiting on real processes (servers starting, scrapes, promtool): two files
    // at once even on 2 cores. Every test uses its own temporary directory and free ports.
    maxWorkers: Math.max(2, availableParallelism()),
    // promtool runs days of simulated evaluation; these are real processes, not timers.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
