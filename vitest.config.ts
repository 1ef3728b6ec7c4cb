import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import WaitingFirstSequencer, { waitingFiles } from './test/support/waiting-first-sequencer.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // The e2e files spend minutes waiting on servers in real time with the CPU nearly idle
    // (multi-cluster: about 3 min for 25 CPU-s); they start first (the sequencer) and each
    // holds a worker, so there is a worker per core beside them for the CPU-bound files.
    // Every test uses its own temporary directory and free ports.
    maxWorkers: availableParallelism() + waitingFiles,
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
