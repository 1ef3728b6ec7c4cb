/**
 * A user's first hour, as a user runs it: the packed tarball installed into a project made
 * with `npm init -y`, TypeScript from the registry, `tsc --init`, `sloforge init`,
 * `tsc --noEmit` and `sloforge generate`, with no other step; in a CommonJS project (what
 * `npm init -y` makes) and in an ES module one. npm reads its cache first (`npm ci` warmed it).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promtool } from '../support/promtool.ts';

const REPO = resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { version: string; devDependencies: Record<string, string> };

/** npm as the user runs it: not the variables of an `npm test` this may run under, except where npm keeps its cache. */
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || /^npm_config_(cache|registry|userconfig)$/i.test(key)));

function sh(cwd: string, command: string, ...args: string[]) {
  const child = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  const result = { code: child.status, stdout: child.stdout, stderr: child.stderr };
  if (child.error) throw child.error;
  return result;
}
/** A command that must succeed; its output is shown when it does not. */
function ok(cwd: string, command: string, ...args: string[]) {
  const result = sh(cwd, command, ...args);
  expect(result.code, `${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

/** `npx` that runs the project's own bin or fails: it never fetches a package of that name. */
const npx = (cwd: string, ...args: string[]) => ok(cwd, 'npx', '--no', '--', ...args);

let tarball: string;
let packed: string[];
beforeAll(() => {
  // `npm pack` runs prepare, which builds dist/ as a git or tarball install of sloforge would get it.
  const destination = spawnSync('mktemp', ['-d', join(tmpdir(), 'sloforge-pack-XXXXXX')], { encoding: 'utf8' }).stdout.trim();
  const [pack] = JSON.parse(ok(REPO, 'npm', 'pack', '--json', '--pack-destination', destination).stdout) as [{ filename: string; files: { path: string }[] }];
  tarball = join(destination, pack.filename);
  packed = pack.files.map((file) => file.path);
});

describe('the package', () => {
  it('ships dist/ with declaration files, the bundled CLI, bin, the schema, templates, examples, README, LICENSE and CHANGELOG; no sources, tests or build state', async () => {
    for (const path of ['bin/sloforge.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/cli-bundle/main.js', 'schema/sloforge.schema.json', 'templates/slo.config.ts', 'templates/slo.config.yaml', 'templates/tsconfig.json', 'examples/slo.yaml', 'examples/http-api.config.ts', 'examples/github-actions-slo.yml', 'README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']) {
      expect(packed).toContain(path);
    }
    expect(packed.filter((path) => /^(src|test|bench|scripts|generated)\//.test(path) || path.includes('tsbuildinfo') || path.startsWith('tsconfig'))).toEqual([]);
    // Every compiled file has its source: a file left in dist/ by a deleted source would ship.
    const sources = new Set((await readdir(join(REPO, 'src'), { recursive: true })).map((path) => path.replace(/\.ts$/, '')));
    const bundle = (path: string) => path.startsWith('dist/cli-bundle/');
    expect(packed.filter((path) => path.startsWith('dist/') && !bundle(path) && !sources.has(path.slice('dist/'.length).replace(/\.(d\.ts|js)$/, '')))).toEqual([]);
    // The bundle ships whole and alone: the chunks its entry imports, no chunk of an earlier build beside them.
    expect(packed.filter(bundle).sort()).toEqual((await bundleChunks()).map((name) => `dist/cli-bundle/${name}`).sort());
  });
});

/** The files of dist/cli-bundle/ that main.js reaches through its static and lazy imports. */
async function bundleChunks(): Promise<string[]> {
  const reached = new Set<string>();
  const visit = async (name: string): Promise<void> => {
    if (reached.has(name)) return;
    reached.add(name);
    const code = await readFile(join(REPO, 'dist/cli-bundle', name), 'utf8');
    for (const [, imported] of code.matchAll(/(?:from|import\(?)\s*"\.\/([^"]+\.js)"/g)) await visit(imported!);
  };
  await visit('main.js');
  return [...reached];
}

describe.each([
  ['CommonJS project with the tsconfig.json of tsc --init', 'commonjs', 'slo.config.mts', true],
  ['ES module project with the tsconfig.json of tsc --init', 'module', 'slo.config.ts', true],
  ['CommonJS project without a tsconfig.json', 'commonjs', 'slo.config.mts', false],
])('a fresh %s', (_, type, configName, tscInit) => {
  it(`npm init -y, npm install <tarball>,${tscInit ? ' tsc --init,' : ''} sloforge init, tsc --noEmit and sloforge generate work with no other step`, async () => {
    const started = Date.now();
    const project = join(await mkdtemp(join(tmpdir(), 'sloforge-fresh-')), 'my-service');
    await mkdir(project);
    ok(project, 'npm', 'init', '-y');
    if (type === 'module') ok(project, 'npm', 'pkg', 'set', 'type=module');
    expect(JSON.parse(await readFile(join(project, 'package.json'), 'utf8')).type).toBe(type);
    // sloforge cannot install TypeScript for the user: they add it, as the README says.
    ok(project, 'npm', 'install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', tarball, `typescript@${manifest.devDependencies.typescript}`);
    if (tscInit) npx(project, 'tsc', '--init');
    const tsconfig = tscInit ? await readFile(join(project, 'tsconfig.json'), 'utf8') : undefined;

    const init = npx(project, 'sloforge', 'init');
    expect(init.stderr).toBe('');
    expect(init.stdout).toContain(`wrote ${configName}`);
    if (tsconfig === undefined) expect(init.stdout).toContain('wrote tsconfig.json');
    else {
      expect(init.stdout).not.toContain('tsconfig.json');
      expect(await readFile(join(project, 'tsconfig.json'), 'utf8')).toBe(tsconfig);
    }

    if (type === 'commonjs') {
      // A CommonJS consumer of the library gets its types through require() too.
      await writeFile(join(project, 'uses-require.cts'), "import sloforge = require('sloforge');\nconst config: sloforge.SloforgeConfig = sloforge.defineConfig({ services: [] });\nexport = config;\n");
    }
    // The user's `tsc --noEmit`, with libraries checked as well (tsc --init skips them): sloforge's
    // declaration files hold up under the user's strict settings. It lists what it read: sloforge
    // is typed by its declaration files, none of its sources.
    const typecheck = npx(project, 'tsc', '--noEmit', '--skipLibCheck', 'false', '--listFiles');
    const files = typecheck.stdout.split('\n').filter((line) => line !== '');
    expect(files.filter((line) => !line.startsWith('/')), 'tsc printed something other than the files it read').toEqual([]);
    const fromSloforge = files.filter((file) => file.includes('node_modules/sloforge/'));
    expect(fromSloforge).toContain(join(project, 'node_modules/sloforge/dist/index.d.ts'));
    expect(fromSloforge.filter((file) => !file.endsWith('.d.ts'))).toEqual([]);

    expect(npx(project, 'sloforge', 'generate').stdout).toBe('wrote 11 files to generated/\n');
    const rules = join(project, 'generated/prometheus/rules/api.yml');
    expect((await promtool(['check', 'rules', '--lint=all', '--lint-fatal', rules])).code).toBe(0);
    for (const tests of ['api.test.yml', 'api.5m.test.yml', 'api.1h.test.yml']) expect(existsSync(join(project, 'generated/prometheus/tests', tests))).toBe(true);
    expect(ok(project, 'npm', 'run', '--silent', 'slo:check').stdout).toBe(`generated/ is current with ${configName}\n`);
    expect(npx(project, 'sloforge', '--version').stdout).toBe(`${manifest.version}\n`);
    if (type === 'commonjs') expect(ok(project, 'node', '-e', "process.stdout.write(typeof require('sloforge').defineConfig)").stdout).toBe('function');
    // The YAML example's schema line resolves from a project's root, where the example is meant to go.
    const schemaLine = (await readFile(join(project, 'node_modules/sloforge/examples/slo.yaml'), 'utf8')).split('\n')[0]!;
    expect(existsSync(join(project, schemaLine.replace('# yaml-language-server: $schema=', '')))).toBe(true);
    process.stdout.write(`fresh ${type} project${tscInit ? ' after tsc --init' : ''}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  });
});
