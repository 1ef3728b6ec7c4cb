import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // promtool runs days of simulated evaluation; these are real processes, not timers.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
