import { beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { snapshot } from '../support/snapshot.ts';

const REPO = resolve(import.meta.dirname, '../..');
const BIN = join(REPO, 'bin/sloforge.js');
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');

function run(command: string, args: string[], cwd: string) {
  const child = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}
const sloforge = (cwd: string, ...args: string[]) => run(process.execPath, [BIN, ...args], cwd);
const tsc = (cwd: string, ...args: string[]) => run(process.execPath, [TSC, ...args], cwd);

/** What `npm init -y` writes, less the name. */
const NPM_INIT = { name: 'shop', version: '1.0.0', description: '', main: 'index.js', scripts: { test: 'echo "Error: no test specified" && exit 1' }, keywords: [], author: '', license: 'ISC', type: 'commonjs' };

let project: string;
beforeEach(async () => {
  project = await mkdtemp(join(tmpdir(), 'sloforge-init-'));
  await mkdir(join(project, 'node_modules'));
  await symlink(REPO, join(project, 'node_modules/sloforge'));
});

const write = (name: string, content: string) => writeFile(join(project, name), content);
const read = (name: string) => readFile(join(project, name), 'utf8');
const withTypeScript = () => symlink(join(REPO, 'node_modules/typescript'), join(project, 'node_modules/typescript'));
const packageJson = (fields: object = {}) => write('package.json', `${JSON.stringify({ ...NPM_INIT, ...fields }, null, 2)}\n`);

describe('sloforge init', () => {
  it('sets up a CommonJS project: slo.config.mts, tsconfig.json, the npm scripts, .gitignore and the CI workflow, all of which work', async () => {
    await packageJson();
    await withTypeScript();
    const init = sloforge(project, 'init');
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('wrote slo.config.mts (.mts: an ES module, as this project is CommonJS)\nwrote tsconfig.json\nwrote .github/workflows/slo.yml\n');
    expect(init.stdout).toContain('added to package.json: scripts slo:generate, slo:check, slo:validate\n');
    expect(init.stdout).toMatch(/Next:\n(.*\n)*\s+npx tsc --noEmit\s+# type-check it\n\s+npm run slo:generate/);
    expect(init.stdout).not.toContain('npm install --save-dev typescript');

    expect(await read('slo.config.mts')).toBe(await readFile(join(REPO, 'templates/slo.config.ts'), 'utf8'));
    expect(JSON.parse(await read('package.json')).scripts).toEqual({ test: NPM_INIT.scripts.test, 'slo:generate': 'sloforge generate', 'slo:check': 'sloforge generate --check', 'slo:validate': 'sloforge validate' });
    expect(await read('.gitignore')).toContain('node_modules/\n.sloforge-stack/\n*.sloforge-staging-*/\n*.sloforge-previous/\n*.sloforge-lock\n');
    const workflow = await readFile(join(REPO, 'examples/github-actions-slo.yml'), 'utf8');
    expect(await read('.github/workflows/slo.yml')).toBe(workflow.replaceAll('slo.config.ts', 'slo.config.mts'));

    expect(tsc(project, '--noEmit')).toMatchObject({ code: 0, stdout: '' });
    expect(sloforge(project, 'validate')).toMatchObject({ code: 0, stdout: 'slo.config.mts is valid: 1 services, 2 SLOs\n' });
    expect(sloforge(project, 'generate')).toMatchObject({ code: 0, stdout: 'wrote 11 files to generated/\n' });
    expect(sloforge(project, 'generate', '--check').code).toBe(0);
  });

  it('writes slo.config.ts in an ES module project, and a config that does not type-check fails tsc', async () => {
    await packageJson({ type: 'module' });
    await withTypeScript();
    const init = sloforge(project, 'init');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('wrote slo.config.ts\n');
    expect(tsc(project, '--noEmit')).toMatchObject({ code: 0, stdout: '' });
    expect(sloforge(project, 'generate').code).toBe(0);
    // The check has teeth: a misspelt field is a type error.
    await write('slo.config.ts', (await read('slo.config.ts')).replace('objective: 99.9', 'objetive: 99.9'));
    const broken = tsc(project, '--noEmit');
    expect(broken.code).not.toBe(0);
    expect(broken.stdout).toContain("'objetive' does not exist");
  });

  it('--format yaml writes slo.config.yaml with the schema line and no tsconfig.json, and it generates the same rules', async () => {
    await packageJson();
    const init = sloforge(project, 'init', '--format', 'yaml');
    expect(init.code).toBe(0);
    expect(init.stdout).not.toContain('tsconfig');
    expect(init.stdout).not.toContain('tsc --noEmit');
    const yaml = await read('slo.config.yaml');
    expect(yaml.split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/sloforge/schema/sloforge.schema.json');
    expect(await read('.github/workflows/slo.yml')).toContain("paths: ['slo.config.yaml'");
    expect(sloforge(project, 'generate').code).toBe(0);
    const fromYaml = await read('generated/prometheus/rules/api.yml');
    expect(sloforge(project, 'generate', '--config', join(REPO, 'templates/slo.config.ts'), '--out', 'from-ts').code).toBe(0);
    const body = (text: string) => text.split('\n').slice(1).join('\n');
    expect(body(fromYaml)).toBe(body(await read('from-ts/prometheus/rules/api.yml')));
  });

  it('refuses to overwrite the config or the workflow, naming them, and writes nothing; --force replaces them and leaves tsconfig.json alone', async () => {
    await packageJson();
    await write('slo.config.mts', 'export default { services: [] };\n');
    await mkdir(join(project, '.github/workflows'), { recursive: true });
    await write('.github/workflows/slo.yml', 'ours\n');
    await write('tsconfig.json', '{ "compilerOptions": { "strict": true } }\n');
    const before = await snapshot(project);
    const refused = sloforge(project, 'init');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('sloforge init: would overwrite slo.config.mts, .github/workflows/slo.yml; nothing was written. Run `sloforge init --force` to replace them.\n');
    expect(refused.stdout).toBe('');
    expect(await snapshot(project)).toEqual(before);

    const forced = sloforge(project, 'init', '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('wrote slo.config.mts');
    expect(forced.stdout).not.toContain('wrote tsconfig.json');
    expect(await read('slo.config.mts')).toContain("import { defineConfig } from 'sloforge';");
    expect(await read('.github/workflows/slo.yml')).not.toBe('ours\n');
    expect(await read('tsconfig.json')).toBe('{ "compilerOptions": { "strict": true } }\n');
  });

  it('leaves a script of the same name that runs something else, unless --force', async () => {
    await packageJson({ scripts: { 'slo:check': 'make slo-check' } });
    const before = await snapshot(project);
    const refused = sloforge(project, 'init');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('would overwrite package.json scripts["slo:check"]; nothing was written');
    expect(await snapshot(project)).toEqual(before);
    expect(sloforge(project, 'init', '--force').code).toBe(0);
    expect(JSON.parse(await read('package.json')).scripts['slo:check']).toBe('sloforge generate --check');
  });

  it("keeps package.json's indentation, line endings, key order and missing final newline; adds only scripts", async () => {
    const original = '{\r\n\t"name": "shop",\r\n\t"private": true,\r\n\t"scripts": {\r\n\t\t"slo:validate": "sloforge validate",\r\n\t\t"build": "tsc"\r\n\t},\r\n\t"type": "module"\r\n}';
    await write('package.json', original);
    const init = sloforge(project, 'init');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('added to package.json: scripts slo:generate, slo:check\n');
    expect(await read('package.json')).toBe(
      '{\r\n\t"name": "shop",\r\n\t"private": true,\r\n\t"scripts": {\r\n\t\t"slo:validate": "sloforge validate",\r\n\t\t"build": "tsc",\r\n\t\t"slo:generate": "sloforge generate",\r\n\t\t"slo:check": "sloforge generate --check"\r\n\t},\r\n\t"type": "module"\r\n}',
    );
  });

  it('appends to .gitignore only the lines it lacks, once', async () => {
    await packageJson();
    await write('.gitignore', '/node_modules\n.sloforge-stack/\ncoverage/');
    expect(sloforge(project, 'init').code).toBe(0);
    expect(sloforge(project, 'init', '--force').stdout).not.toContain('.gitignore');
    expect(await read('.gitignore')).toBe(
      "/node_modules\n.sloforge-stack/\ncoverage/\n\n# added by sloforge init: the local stack's data, and what an interrupted generate leaves beside generated/\n*.sloforge-staging-*/\n*.sloforge-previous/\n*.sloforge-lock\n",
    );
  });

  it('leaves a tsconfig.json that will not work as it is, and says what to change', async () => {
    await packageJson({ type: 'module' });
    await withTypeScript();
    const tsconfig = '{ "compilerOptions": { "module": "es2020", "moduleResolution": "classic", "strict": true, "noEmit": true }, "include": ["src"] }\n';
    await write('tsconfig.json', tsconfig);
    const init = sloforge(project, 'init');
    expect(init.code).toBe(0);
    expect(await read('tsconfig.json')).toBe(tsconfig);
    expect(init.stderr).toContain('tsconfig.json was left as it is, but it needs a change:\n');
    expect(init.stderr).toContain('  - it does not include slo.config.ts, so `tsc --noEmit` does not check it: add "slo.config.ts" to its "include" (or "files")\n');
    expect(init.stderr).toContain(`  - slo.config.ts does not type-check under it: Cannot find module 'sloforge'`);
    expect(init.stderr).toContain('set "module" and "moduleResolution" to "nodenext"');
  });

  it('says to install TypeScript where the project has none', async () => {
    await packageJson();
    const init = sloforge(project, 'init');
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/Next:\n\s+npm install --save-dev typescript\s+# to type-check the config\n/);
  });

  it('refuses a second config beside one of another kind, even with --force', async () => {
    await packageJson();
    await write('slo.config.yaml', 'services: []\n');
    const before = await snapshot(project);
    const refused = sloforge(project, 'init', '--force');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('slo.config.yaml already configures sloforge here');
    expect(await snapshot(project)).toEqual(before);
  });

  it('needs a package.json', async () => {
    const refused = sloforge(project, 'init');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`sloforge init: no package.json in ${project}; run it at the root of an npm project (\`npm init -y\` makes one)\n`);
  });
});
