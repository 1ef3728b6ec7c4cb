/** Reads a config file of any supported kind; the only config code that touches the disk. */
import { access, readFile, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { ConfigError, type Locate } from './diagnostics.ts';
import { jsonPositions } from './positions.ts';
import { joinDocuments } from './yaml-stream.ts';
import { aliasExpansion, deepYamlPath, MAX_FILE_BYTES, MAX_YAML_ALIAS_VALUES, MAX_YAML_ALIASES, TOO_DEEP } from './limits.ts';
import { validateConfig } from './validate.ts';
import { plainData } from './plain-data.ts';
import { bundleProgram, type Program } from './program.ts';
import type { Model } from '../model/slo.ts';

/** sloforge's own code, whose frames say nothing about where the config went wrong. */
const SLOFORGE_CODE = fileURLToPath(new URL('..', import.meta.url));

export const CONFIG_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.json', '.yaml', '.yml'] as const;
const TEXT_EXTENSIONS: readonly string[] = ['.json', '.yaml', '.yml'];

/** Whether the config is a program (TypeScript or JavaScript), run to get its value. */
export function isProgramConfig(file: string): boolean {
  return !TEXT_EXTENSIONS.includes(extname(file).toLowerCase());
}

/** The model of the config at `file`, or a ConfigError saying what is wrong with it. */
export async function loadConfig(file: string, source = file): Promise<Model> {
  const { config, locate } = await readConfig(file);
  return validateConfig(config, source, locate);
}

/** The config's value, and for a config with a text (YAML, JSON) where each path is written in it. */
async function readConfig(file: string): Promise<{ config: unknown; locate?: Locate }> {
  const extension = extname(file).toLowerCase();
  if (!(CONFIG_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new ConfigError(file, [{ path: '', message: `unsupported config file type "${extension}"; expected one of ${CONFIG_EXTENSIONS.join(', ')}` }]);
  }
  const path = resolve(file);
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => fail(file, cannotRead(error)));
  if (!info.isFile()) fail(file, 'is not a file');
  if (info.size > MAX_FILE_BYTES) fail(file, `is ${mebibytes(info.size)} MiB; sloforge reads config files up to ${mebibytes(MAX_FILE_BYTES, 0)} MiB`);
  if (!isProgramConfig(file)) {
    // A byte-order mark is no part of the text (editors on Windows write one); YAML skips it, JSON.parse does not.
    const text = (await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => fail(file, cannotRead(error)))).replace(/^\uFEFF/, '');
    if (text.trim() === '') fail(file, 'must be an object with a "services" list; the file is empty');
    return extension === '.json' ? { config: parseJson(file, text), locate: jsonPositions(text) } : parseYaml(file, text);
  }
  await access(path, constants.R_OK).catch((error: NodeJS.ErrnoException) => fail(file, cannotRead(error)));
  let config: unknown;
  let program: Program | undefined;
  // A top-level await that never settles leaves nothing to run: Node would exit 13 in silence.
  let stalled = () => {};
  const never = new Promise<never>((_, reject) => {
    stalled = () => reject(new Error('it never finished loading: a top-level await in it never settles'));
    process.once('beforeExit', stalled);
  });
  // A config that ends the process would end sloforge with its exit code and nothing written.
  const exit = process.exit;
  process.exit = ((code?: number | string | null) => {
    throw new Error(`it called process.exit(${code ?? ''}); a config describes SLOs and does not end the program: throw an Error to refuse to load`);
  }) as typeof process.exit;
  try {
    program = await bundleProgram(path, await isCommonJs(path));
    config = defaultExport(await Promise.race([program.run(), never]));
  } catch (error) {
    return fail(file, `failed to load: ${loadError(error, path, file, program)}`);
  } finally {
    process.exit = exit;
    process.off('beforeExit', stalled);
  }
  if (config instanceof Promise) fail(file, 'exports a Promise; export the config object itself (top-level await works: `export default defineConfig(await build())`)');
  if (typeof config === 'function') fail(file, 'exports a function; export the config object itself: `export default defineConfig({ ... })`');
  if (config === undefined || isEmptyObject(config)) fail(file, 'has no default export; write `export default defineConfig({ ... })`');
  return { config: plainData(config, (error) => loadError(error, path, file, program)) };
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 says where by offset; people read lines and columns.
    const message = firstLine(error);
    const offset = /at position (\d+)/.exec(message);
    const where = offset ? ` at ${lineAndColumn(text, Number(offset[1]))}` : '';
    return fail(file, `is not valid JSON${where}: ${message.replace(/ in JSON at position \d+.*$/, '')}`);
  }
}

function parseYaml(file: string, text: string): { config: unknown; locate: Locate } {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines });
  const parts = documents.map((document) => ({ document, value: documentValue(file, text, document) }));
  return joinDocuments(file, parts, lines);
}

function documentValue(file: string, text: string, document: Document): unknown {
  const [problem] = [...document.errors, ...document.warnings];
  if (problem) {
    if (problem.code === 'RESOURCE_EXHAUSTION') {
      // The composer recursed until the stack ran out: say where the nesting goes too deep.
      const path = deepYamlPath(text);
      if (path) throw new ConfigError(file, [{ path, message: TOO_DEEP }]);
    }
    fail(file, `is not valid YAML: ${firstLine(problem).replace(/:$/, '')}`);
  }
  if (aliasExpansion(document) > MAX_YAML_ALIAS_VALUES) {
    fail(file, `is not valid YAML: its aliases (*name) expand to more than ${MAX_YAML_ALIAS_VALUES} values, which sloforge refuses as an alias bomb; write the shared block out, or share less`);
  }
  try {
    return document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    if (/alias count/i.test(firstLine(error))) {
      return fail(file, `is not valid YAML: it expands more than ${MAX_YAML_ALIASES} aliases (*name), which sloforge refuses as an alias bomb`);
    }
    return fail(file, `is not valid YAML: ${firstLine(error)}`);
  }
}

/**
 * A TS file outside an ESM package is compiled to CommonJS, whose exports arrive as
 * the namespace's `default` with `__esModule` set: its own `default` is the config.
 * A file that exports nothing at all arrives as an empty `module.exports`.
 */
function defaultExport(namespace: { default?: unknown }): unknown {
  const value = namespace.default as { __esModule?: boolean; default?: unknown } | undefined;
  return value && typeof value === 'object' && value.__esModule ? value.default : value;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** What went wrong importing a TS or JS config: the compiler's first error, or what the code threw and where. */
function loadError(error: unknown, path: string, file: string, program?: Program): string {
  if (!(error instanceof Error)) return `threw ${elided(JSON.stringify(error) ?? String(error))}`;
  const lines = error.message.split('\n').filter((line) => line.trim() !== '');
  // esbuild: "Build failed with 1 error:" and then "<path>:<line>:<column>: ERROR: <what>".
  if (/^Build failed/.test(lines[0] ?? '') && lines[1]) return elided(lines[1].replaceAll(path, file));
  const where = throwSite(error.stack ?? '', path, file, program);
  return `${where ? `${elided(where)}: ` : ''}${elided((lines[0] ?? error.name).replaceAll(path, file))}`;
}

/** Longest part of a thrown message a report shows: a message can be a kilobyte-long data: URL. */
const MAX_SHOWN_THROWN = 200;

function elided(text: string): string {
  if (text.length <= MAX_SHOWN_THROWN) return text;
  return `${text.slice(0, MAX_SHOWN_THROWN)}… (${text.length - MAX_SHOWN_THROWN} more characters)`;
}

/**
 * `file:line:column` where the config threw: the first stack frame in the user's code
 * (source-mapped to its TS lines), and the config's own line where that is in a module it imports.
 */
function throwSite(stack: string, path: string, file: string, program?: Program): string | undefined {
  const frames = [...stack.matchAll(/^\s+at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/gm)].map(([, at, line, column]) => {
    const where = at!.startsWith('file://') ? fileURLToPath(at!) : at!;
    return { where, shown: `${where === path ? file : relative(process.cwd(), where)}:${line}:${column}` };
  });
  const user = frames.find(({ where }) => where.startsWith('/') && !where.includes('/node_modules/') && !where.startsWith(SLOFORGE_CODE));
  const own = frames.find(({ where }) => where === path);
  if (!user || user === own) return (own ?? user)?.shown;
  // It threw in a module the config imports: the config's frame names the import, and a
  // bundle's inlined top-level code has none, so the bundle's map of imports does.
  const importer = own ? own.shown : importLine(user.where);
  return importer ? `${user.shown} (imported at ${importer})` : user.shown;

  function importLine(module: string): string | undefined {
    const site = program?.importedAt(module);
    return site === undefined ? undefined : `${file}:${site}`;
  }
}

/** Node runs a .ts or .js file as CommonJS unless the nearest package.json says `"type": "module"`. */
async function isCommonJs(path: string): Promise<boolean> {
  if (/\.m[jt]s$/i.test(path)) return false;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const manifest = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
    if (manifest !== undefined) return (JSON.parse(manifest) as { type?: unknown }).type !== 'module';
    if (dirname(dir) === dir) return true;
  }
}

function cannotRead(error: NodeJS.ErrnoException): string {
  const reason = { ENOENT: 'it does not exist', EACCES: 'permission denied', EISDIR: 'it is a directory' }[error.code ?? ''];
  // The code first: scripts match on "cannot read the file (ENOENT)".
  return `cannot read the file${error.code ? ` (${error.code})` : ''}: ${reason ?? error.message}`;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

function mebibytes(bytes: number, digits = 1): string {
  return (bytes / 1024 / 1024).toFixed(digits);
}

function fail(file: string, message: string): never {
  throw new ConfigError(file, [{ path: '', message }]);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
