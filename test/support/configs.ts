/** The configs whose generated files run through promtool and amtool: the example and one of every kind. */
export const CONFIGS = ['slo.config.ts', 'test/fixtures/every-kind.config.ts'] as const;

/**
 * `promtool check config` also opens the secret files a config names; the fixture names
 * files of a production machine, so it gets the syntax-only check.
 */
export const CHECK_CONFIG_FLAGS: Readonly<Record<(typeof CONFIGS)[number], string[]>> = {
  'slo.config.ts': [],
  'test/fixtures/every-kind.config.ts': ['--syntax-only'],
};
