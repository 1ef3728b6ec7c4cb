/**
 * What `slo.config.ts` imports: `defineConfig` and the config's types, and nothing that
 * loads the compiler, since a config is loaded by the CLI that already holds it. The
 * generator for programs is `sloforge/api`.
 */
export { defineConfig } from './config/define.ts';
export type * from './config/types.ts';
export { ConfigError, type Diagnostic } from './config/diagnostics.ts';
