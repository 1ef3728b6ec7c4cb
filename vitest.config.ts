import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import WaitingFirstSequencer from './test/support/waiting-first-sequencer.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // vitest's default on 2 cores is one file at a time (cores - 1). The e2e files spend
    // minutes waiting on servers in real time with the CPU nearly idle (multi-cluster: about
    // 3 min for 25 CPU-s), so one file more than there are cores keeps the cores busier while
    // they wait; they start first (the sequencer). Not a worker per core beside each e2e
    // file: that saturates the cores while they wait, and multi-cluster's edge minutes then
    // reach the global Prometheus after its read delay (seen once in five full runs).
    // Every test uses its own temporary directory and free ports.
    maxWorkers: availableParallelism() + 1,
    // A worker keeps the modules it loaded from one file to the next instead of loading
    // src/, yaml and ajv again for each: 45 CPU-s less over the suite. No test changes
    // process-wide state (environment, working directory, mocks); sloforge's own module
    // state is memos keyed by content.
    isolate: false,
    sequence: { sequencer: WaitingFirstSequencer },
    // promtool runs days of simulated evaluation; these are real processes, not timers.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
