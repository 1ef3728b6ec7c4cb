/**
 * Runs a config that is a program (TypeScript or JavaScript): esbuild bundles it and the
 * TypeScript and JSON files it imports into one module, written beside it (so the packages
 * it imports resolve as from the config itself) and imported by Node as it is — as Vite
 * loads `vite.config.ts`. JavaScript files and packages stay Node's to load, so `sloforge`
 * is the one installed copy. Loading through module hooks instead (tsx) starts a worker that
 * every later import of the process waits on: a fifth of the example's `generate`.
 */
import type { Metafile, Plugin } from 'esbuild';
import { rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { basename, dirname, extname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What Node loads itself: left out of the bundle. */
const NATIVE = /\.(?:[cm]?js|node)$/i;
/** What esbuild reads from disk: the config and the TypeScript it imports. */
const SOURCE = /\.(?:[cm]?[jt]sx?)$/i;
/** A bundled file's own `import.meta` values, not the bundle's: imported from a module of its own. */
const HERE = { url: '__sloforge_import_meta_url', dirname: '__sloforge_import_meta_dirname', filename: '__sloforge_import_meta_filename' } as const;
const HERE_NAMESPACE = 'sloforge-here';
const RESOLVING = Symbol('resolving');
/** Bundles written by this process: two loads of one config at once write two files. */
let bundles = 0;

/** A program config bundled: `run()` imports it; `importedAt` says where in the config a file's import starts. */
export interface Program {
  run(): Promise<{ default?: unknown }>;
  importedAt(file: string): string | undefined;
}

/** The program config at `path` (absolute), bundled to run as CommonJS or as an ES module. */
export async function bundleProgram(path: string, commonJs: boolean): Promise<Program> {
  const bundle = join(dirname(path), `.${basename(path)}.sloforge-${process.pid}-${++bundles}.${commonJs ? 'cjs' : 'mjs'}`);
  // Required, not imported: an import of a CommonJS package parses it for its export names first; and only for a program config.
  const { build } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const { outputFiles, metafile } = await build({
    entryPoints: [path],
    outfile: bundle,
    write: false,
    bundle: true,
    metafile: true,
    platform: 'node',
    target: 'node20',
    format: commonJs ? 'cjs' : 'esm',
    // Stack frames of a config that throws name its own files and lines.
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'silent',
    absWorkingDir: process.cwd(),
    define: { 'import.meta.url': HERE.url, 'import.meta.dirname': HERE.dirname, 'import.meta.filename': HERE.filename },
    // An ES module that never finishes its top-level await leaves no moment to remove the bundle after it: it removes itself as it starts.
    ...(commonJs ? {} : { banner: { js: `import { rmSync as __sloforge_rm } from 'node:fs'; __sloforge_rm(${JSON.stringify(bundle)}, { force: true });` } }),
    plugins: [ownLocation, nodeLoadsJavaScript],
  });
  return {
    async run() {
      process.setSourceMapsEnabled(true);
      await writeFile(bundle, outputFiles[0]!.contents).catch((error: NodeJS.ErrnoException) => {
        throw new Error(`cannot write its bundle beside it (${error.code ?? error.message}): sloforge bundles a TypeScript or JavaScript config into a module in its directory for Node to import; make the directory writable, or write the config as YAML or JSON`);
      });
      try {
        return commonJs ? { default: createRequire(bundle)(bundle) as unknown } : ((await import(pathToFileURL(bundle).href)) as { default?: unknown });
      } finally {
        await rm(bundle, { force: true });
      }
    },
    importedAt: (file) => importSite(path, file, metafile),
  };
}

/**
 * `line:column` of the config's import that brings in `file`, directly or through the
 * modules it imports: a bundle runs an imported module's top-level code inline, so no
 * stack frame of the config says which of its imports led there.
 */
function importSite(path: string, file: string, metafile: Metafile): string | undefined {
  const key = (absolute: string) => relative(process.cwd(), absolute);
  const imports = (input: string) => (metafile.inputs[input]?.imports ?? []).filter((i) => !i.external);
  for (const { path: first, original } of imports(key(path))) {
    const seen = new Set([first]);
    for (const input of seen) for (const next of imports(input)) seen.add(next.path);
    if (!seen.has(key(file)) || original === undefined) continue;
    const text = readFileSync(path, 'utf8');
    const found = ["'", '"', '`'].map((quote) => text.indexOf(`${quote}${original}${quote}`)).filter((at) => at >= 0);
    if (found.length === 0) return undefined;
    const before = text.slice(0, Math.min(...found)).split('\n');
    return `${before.length}:${before.at(-1)!.length + 1}`;
  }
  return undefined;
}

/** Packages, Node's modules and JavaScript files are imported by Node; TypeScript and JSON are bundled. */
const nodeLoadsJavaScript: Plugin = {
  name: 'node-loads-javascript',
  setup(esbuild) {
    esbuild.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind === 'entry-point' || args.pluginData === RESOLVING) return undefined;
      if (isBuiltin(args.path)) return { path: args.path, external: true };
      const resolved = await esbuild.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: RESOLVING });
      if (resolved.errors.length > 0 || !NATIVE.test(resolved.path)) return undefined;
      const bare = !args.path.startsWith('.') && !args.path.startsWith('/');
      return { path: bare ? args.path : resolved.path, external: true };
    });
  },
};

/**
 * A bundled file that reads `import.meta` imports its own values, on a line after its last
 * (imports are hoisted), so that its lines and columns stay where they are.
 */
const ownLocation: Plugin = {
  name: 'own-location',
  setup(esbuild) {
    esbuild.onLoad({ filter: SOURCE, namespace: 'file' }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta')) return { contents: text, loader: loaderOf(args.path) };
      const names = `url as ${HERE.url}, dirname as ${HERE.dirname}, filename as ${HERE.filename}`;
      return { contents: `${text}\nimport { ${names} } from ${JSON.stringify(`${HERE_NAMESPACE}:${args.path}`)};\n`, loader: loaderOf(args.path) };
    });
    esbuild.onResolve({ filter: new RegExp(`^${HERE_NAMESPACE}:`) }, (args) => ({ path: args.path.slice(HERE_NAMESPACE.length + 1), namespace: HERE_NAMESPACE }));
    esbuild.onLoad({ filter: /.*/, namespace: HERE_NAMESPACE }, (args) => ({
      contents: `export const url = ${JSON.stringify(pathToFileURL(args.path).href)}, dirname = ${JSON.stringify(dirname(args.path))}, filename = ${JSON.stringify(args.path)};`,
      loader: 'js',
    }));
  },
};

function loaderOf(path: string): 'ts' | 'tsx' | 'js' | 'jsx' {
  const extension = extname(path).toLowerCase();
  if (extension.endsWith('tsx')) return 'tsx';
  if (extension.endsWith('jsx')) return 'jsx';
  return extension.includes('t') ? 'ts' : 'js';
}
