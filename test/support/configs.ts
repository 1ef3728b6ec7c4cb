/** The configs whose generated rules and tests run through promtool: the example and one of every kind. */
export const CONFIGS = ['slo.config.ts', 'test/fixtures/every-kind.config.ts'] as const;
