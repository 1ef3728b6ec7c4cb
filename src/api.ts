/** sloforge for programs: load and validate a config, compile it, render and write its files. */
export { defineConfig } from './config/define.ts';
export type * from './config/types.ts';
export { ConfigError, type Diagnostic } from './config/diagnostics.ts';
export { validateConfig } from './config/validate.ts';
export { loadConfig } from './config/load.ts';
export { compile } from './compile/index.ts';
export { generate, check } from './generate.ts';
export { render } from './render.ts';
