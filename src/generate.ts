/** The library API behind the CLI: load, compile, render, and write or check. */
import { relative, resolve, sep } from 'node:path';
import { isProgramConfig, loadConfig } from './config/load.ts';
import { emit, staleFiles } from './output/emit.ts';

export interface GenerateOptions {
  readonly config: string;
  readonly out: string;
  /** How generated headers name the config. @default its path relative to the working directory */
  readonly source?: string | undefined;
  /** Replace files at generated paths that sloforge did not write. */
  readonly force?: boolean;
}

/** Loads the config as the user named it; headers name it relative to the working directory. */
export async function load(config: string, source = displayPath(config)) {
  return loadConfig(config, source);
}

/** Writes the config's files; returns how many. */
export async function generate(options: GenerateOptions): Promise<number> {
  const { model, render } = await loadWithCompilers(options);
  return emit(options.out, render(model), { force: options.force });
}

/** Every stale, missing or extra file; empty when the output is current. */
export async function check(options: GenerateOptions): Promise<string[]> {
  const { model, render } = await loadWithCompilers(options);
  return staleFiles(resolve(options.out), render(model));
}

/**
 * The compilers load once a config is valid, so a rejected one is reported without their
 * start-up cost; for a program config, while esbuild bundles it in a process of its own.
 */
async function loadWithCompilers(options: GenerateOptions) {
  const early = isProgramConfig(options.config) ? compilers() : undefined;
  early?.catch(() => {});
  const model = await load(options.config, options.source);
  return { model, render: (await (early ?? compilers())).render };
}

const compilers = () => import('./render.ts');

function displayPath(file: string): string {
  return relative(process.cwd(), resolve(file)).split(sep).join('/');
}
