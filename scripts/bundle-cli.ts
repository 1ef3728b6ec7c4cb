/**
 * `npm run build`'s second step: tsc's outputs of deleted sources removed from dist/
 * (dist-orphans.ts), then the CLI of dist/ bundled into dist/cli-bundle/, one chunk
 * per command's lazy import. Resolving and compiling some 450 modules (the Grafana SDK
 * alone is 250 CommonJS files) was a third of the example's `generate`; one bundle parses
 * faster. `sloforge/api` and `sloforge` stay tsc's modules. Deterministic: same dist/,
 * same bytes.
 *
 * A CLI may be running from the bundle while it is rebuilt (`npm pack` in the tests runs
 * this): only changed files are written, each by a rename, the entry last, and chunks of
 * the earlier build removed after it.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { build } from 'esbuild';
import { removeOrphans } from './dist-orphans.ts';

const DIST = resolve(import.meta.dirname, '../dist');
const OUT = resolve(DIST, 'cli-bundle');
/** A config's `import { ConfigError } from 'sloforge'` and the CLI's `instanceof ConfigError` need the one class. */
const SHARED_WITH_CONFIGS = resolve(DIST, 'config/diagnostics.js');

await removeOrphans(DIST, resolve(import.meta.dirname, '../src'));

const { outputFiles } = await build({
  entryPoints: [resolve(DIST, 'cli/main.js')],
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // esbuild runs its own binary, found beside its package: loaded as installed.
  external: ['esbuild'],
  // The CommonJS dependencies' own require() of Node's modules.
  banner: { js: "import { createRequire as __sloforgeCreateRequire } from 'node:module'; const require = __sloforgeCreateRequire(import.meta.url);" },
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  write: false,
  plugins: [
    {
      name: 'shared-with-configs',
      setup(bundle) {
        bundle.onResolve({ filter: /\/diagnostics\.js$/ }, (args) => (resolve(args.resolveDir, args.path) === SHARED_WITH_CONFIGS ? { path: '../config/diagnostics.js', external: true } : undefined));
      },
    },
  ],
});

const ENTRY = resolve(OUT, 'main.js');
await mkdir(OUT, { recursive: true });
const unchanged = async (path: string, contents: Uint8Array) => (await readFile(path).catch(() => undefined))?.equals(contents) ?? false;
const entryLast = [...outputFiles].sort((a, b) => Number(a.path === ENTRY) - Number(b.path === ENTRY));
for (const file of entryLast) {
  if (await unchanged(file.path, file.contents)) continue;
  await writeFile(`${file.path}.tmp`, file.contents);
  await rename(`${file.path}.tmp`, file.path);
}
const built = new Set(outputFiles.map((file) => basename(file.path)));
for (const name of await readdir(OUT)) if (!built.has(name)) await rm(resolve(OUT, name), { force: true });
