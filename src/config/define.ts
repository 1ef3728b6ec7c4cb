import type { SloforgeConfig } from './types.ts';

/** Identity function that gives `slo.config.ts` its types and autocomplete. */
export function defineConfig(config: SloforgeConfig): SloforgeConfig {
  return config;
}
