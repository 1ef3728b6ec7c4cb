/** Reads a config file of any supported kind; the only config code that touches the disk. */
import { access, readFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { tsImport } from 'tsx/esm/api';
import { ConfigError } from './diagnostics.ts';
import { validateConfig } from './validate.ts';
import type { Model } from '../model/slo.ts';

export const CONFIG_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.json', '.yaml', '.yml'] as const;

/** The model of the config at `file`, or a ConfigError saying what is wrong with it. */
export async function loadConfig(file: string, source = file): Promise<Model> {
  return validateConfig(await readConfig(file), source);
}

async function readConfig(file: string): Promise<unknown> {
  const extension = extname(file).toLowerCase();
  if (!(CONFIG_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new ConfigError(file, [{ path: '', message: `unsupported config file type "${extension}"; expected one of ${CONFIG_EXTENSIONS.join(', ')}` }]);
  }
  const path = resolve(file);
  if (extension === '.json' || extension === '.yaml' || extension === '.yml') {
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => fail(file, `cannot read the file (${error.code ?? error.message})`));
    try {
      return extension === '.json' ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
    } catch (error) {
      return fail(file, `is not valid ${extension === '.json' ? 'JSON' : 'YAML'}: ${firstLine(error)}`);
    }
  }
  await access(path, constants.R_OK).catch((error: NodeJS.ErrnoException) => fail(file, `cannot read the file (${error.code ?? error.message})`));
  try {
    const namespace = (await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: unknown };
    const config = defaultExport(namespace);
    if (config === undefined) return fail(file, 'has no default export; write `export default defineConfig({ ... })`');
    return config;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    return fail(file, `failed to load: ${firstLine(error)}`);
  }
}

/**
 * A TS file outside an ESM package is compiled to CommonJS, whose exports arrive as
 * the namespace's `default` with `__esModule` set: its own `default` is the config.
 */
function defaultExport(namespace: { default?: unknown }): unknown {
  const value = namespace.default as { __esModule?: boolean; default?: unknown } | undefined;
  return value && typeof value === 'object' && value.__esModule ? value.default : value;
}

function fail(file: string, message: string): never {
  throw new ConfigError(file, [{ path: '', message }]);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
