import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import WaitingFirstSequencer from './test/support/waiting-first-sequencer.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // vitest's default on 2 cores is one file at a time (cores - 1). The e2e files spend
    // minutes waiting on servers in real time with the CPU nearly idle (multi-cluster: 5 min
    // for about 45 CPU-s), so one file more than there are cores keeps the cores busy while
    // they wait; they start first (the sequencer). Every test uses its own temporary
    // directory and free ports.
    maxWorkers: availableParallelism() + 1,
    sequence: { sequencer: WaitingFirstSequencer },
    // promtool runs days of simulated evaluation; these are real processes, not timers.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
