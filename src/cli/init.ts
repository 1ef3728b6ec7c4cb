/**
 * `sloforge init`: sets up an npm project to monitor itself: a commented config, a
 * tsconfig.json when there is none, npm scripts, .gitignore lines and the CI workflow.
 * It refuses to overwrite a file without --force and names every one that is in the way;
 * it then writes nothing.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CONFIG_NAMES } from '../config/find.ts';
import { addScripts } from './package-scripts.ts';
import { checkTsconfig } from './tsconfig-check.ts';

export interface InitOptions {
  readonly dir: string;
  readonly format: 'ts' | 'yaml';
  readonly force: boolean;
}

type Output = Pick<NodeJS.WriteStream, 'write'>;

/** The package's own files: templates/ and examples/ sit beside src/ and dist/. */
const PACKAGE_ROOT = new URL('../../', import.meta.url);
const WORKFLOW = '.github/workflows/slo.yml';
const TSCONFIG = 'tsconfig.json';

export const SCRIPTS: Readonly<Record<string, string>> = {
  'slo:generate': 'sloforge generate',
  'slo:check': 'sloforge generate --check',
  'slo:validate': 'sloforge validate',
};

/** What a run of sloforge leaves that is not to be committed: the local stack's data, and what a killed generate leaves beside generated/. */
export const IGNORED = ['.sloforge-stack/', '*.sloforge-staging-*/', '*.sloforge-previous/', '*.sloforge-lock'];

export async function runInit(options: InitOptions, out: Output, err: Output): Promise<number> {
  const { dir, format, force } = options;
  const manifestText = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
  if (manifestText === undefined) {
    err.write(`sloforge init: no package.json in ${dir}; run it at the root of an npm project (\`npm init -y\` makes one)\n`);
    return 1;
  }
  let manifest: { type?: unknown };
  try {
    manifest = JSON.parse(manifestText) as { type?: unknown };
  } catch (error) {
    err.write(`sloforge init: ${join(dir, 'package.json')} is not valid JSON: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  // An .mts file is an ES module whatever package.json's "type" says: `import` and
  // `export default` then type-check in a CommonJS project too, under any tsconfig.json.
  const esm = manifest.type === 'module';
  const configName = format === 'yaml' ? 'slo.config.yaml' : esm ? 'slo.config.ts' : 'slo.config.mts';
  const hasTsconfig = await exists(join(dir, TSCONFIG));

  const files = new Map<string, string>([[configName, await packageFile(`templates/${format === 'yaml' ? 'slo.config.yaml' : 'slo.config.ts'}`)]]);
  if (format === 'ts' && !hasTsconfig) files.set(TSCONFIG, await packageFile('templates/tsconfig.json'));
  files.set(WORKFLOW, (await packageFile('examples/github-actions-slo.yml')).replaceAll('slo.config.ts', configName));

  const scripts = addScripts(manifestText, SCRIPTS, force);
  const otherConfigs = [];
  for (const name of CONFIG_NAMES) if (name !== configName && (await exists(join(dir, name)))) otherConfigs.push(name);
  const overwritten = [];
  for (const path of files.keys()) if (await exists(join(dir, path))) overwritten.push(path);
  if (otherConfigs.length > 0) {
    err.write(`sloforge init: ${otherConfigs.join(', ')} already configures sloforge here; a second config would make \`sloforge generate\` refuse both. Remove it first, or keep using it.\n`);
    return 1;
  }
  if ((overwritten.length > 0 || scripts.conflicts.length > 0) && !force) {
    const inTheWay = [...overwritten, ...scripts.conflicts.map((name) => `package.json scripts["${name}"]`)];
    err.write(`sloforge init: would overwrite ${inTheWay.join(', ')}; nothing was written. Run \`sloforge init --force\` to replace ${inTheWay.length === 1 ? 'it' : 'them'}.\n`);
    return 1;
  }

  for (const [path, content] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
    out.write(`wrote ${path}${path === configName && !esm && format === 'ts' ? ' (.mts: an ES module, as this project is CommonJS)' : ''}\n`);
  }
  if (scripts.added.length > 0) {
    await writeFile(join(dir, 'package.json'), scripts.text);
    out.write(`added to package.json: scripts ${scripts.added.join(', ')}\n`);
  }
  const ignored = await addIgnoreLines(dir);
  if (ignored.length > 0) out.write(`added to .gitignore: ${ignored.join(' ')}\n`);

  let needsTypeScript = false;
  if (format === 'ts') {
    const verdict = checkTsconfig(dir, join(dir, TSCONFIG), configName);
    needsTypeScript = verdict.kind === 'no-typescript';
    if (verdict.kind === 'problems') {
      const state = hasTsconfig ? 'was left as it is, but it needs a change' : 'needs a change';
      err.write(`${TSCONFIG} ${state}:\n${verdict.problems.map((problem) => `  - ${problem}\n`).join('')}`);
    }
  }
  const steps = nextSteps(configName, needsTypeScript);
  const width = Math.max(...steps.map(([command]) => command.length)) + 2;
  out.write(`\nNext:\n${steps.map(([command, why]) => `  ${command.padEnd(width)}# ${why}\n`).join('')}`);
  return 0;
}

function nextSteps(configName: string, needsTypeScript: boolean): [string, string][] {
  return [
    ...(needsTypeScript ? [['npm install --save-dev typescript', 'to type-check the config'] as [string, string]] : []),
    [`edit ${configName}`, 'your metrics, objectives, scrape targets'],
    ...(configName.endsWith('.yaml') ? [] : [['npx tsc --noEmit', 'type-check it'] as [string, string]]),
    ['npm run slo:generate', 'write generated/'],
    ['git add . && git commit', 'the config, generated/, the workflow and the npm scripts'],
  ];
}

/** Appends the lines .gitignore lacks (node_modules/ too, where it is not ignored yet); returns them. */
async function addIgnoreLines(dir: string): Promise<string[]> {
  const path = join(dir, '.gitignore');
  const text = (await readFile(path, 'utf8').catch(() => undefined)) ?? '';
  const present = new Set(text.split(/\r?\n/).map((line) => line.trim().replace(/^\//, '')));
  const missing = [...(present.has('node_modules') || present.has('node_modules/') ? [] : ['node_modules/']), ...IGNORED.filter((line) => !present.has(line))];
  if (missing.length === 0) return [];
  const separator = text === '' ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  await writeFile(path, `${text}${separator}# added by sloforge init: the local stack's data, and what an interrupted generate leaves beside generated/\n${missing.join('\n')}\n`);
  return missing;
}

async function packageFile(path: string): Promise<string> {
  return readFile(new URL(path, PACKAGE_ROOT), 'utf8');
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}
