/** The library API behind the CLI: load, compile, render, and write or check. */
import { relative, resolve, sep } from 'node:path';
import { loadConfig } from './config/load.ts';
import { compile } from './compile/index.ts';
import { serialize } from './output/serialize.ts';
import { emit, staleFiles, withManifest, type RenderedFile } from './output/emit.ts';
import type { Model } from './model/slo.ts';

export interface GenerateOptions {
  readonly config: string;
  readonly out: string;
}

/** The files a model renders to, one at a time, the manifest last. Pure. */
export function* render(model: Model): Generator<RenderedFile> {
  const files = function* () {
    for (const artifact of compile(model)) yield { path: artifact.path, content: serialize(artifact, model.source) };
  };
  yield* withManifest(files());
}

/** Loads the config as the user named it; headers name it relative to the working directory. */
export async function load(config: string) {
  return loadConfig(config, displayPath(config));
}

/** Writes the config's files; returns how many. */
export async function generate(options: GenerateOptions): Promise<number> {
  return emit(resolve(options.out), render(await load(options.config)));
}

/** Every stale, missing or extra file; empty when the output is current. */
export async function check(options: GenerateOptions): Promise<string[]> {
  return staleFiles(resolve(options.out), render(await load(options.config)));
}

function displayPath(file: string): string {
  return relative(process.cwd(), resolve(file)).split(sep).join('/');
}
