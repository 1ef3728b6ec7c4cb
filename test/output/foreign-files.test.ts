/**
 * A file at a generated path that sloforge did not write is refused, named, with nothing
 * written, unless `--force`: sloforge's own files (the manifest lists them) it overwrites.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { snapshot } from '../support/snapshot.ts';

const BIN = resolve(import.meta.dirname, '../../bin/sloforge.js');

const service = (name: string) => ({ name, slos: [{ name: 'availability', objective: 99.9, sli: { ratio: { errors: `r_total{job="${name}",code=~"5.."}`, total: `r_total{job="${name}"}` } } }] });

async function project(services: string[]): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'sloforge-foreign-'));
  await writeFile(join(root, 'slo.json'), JSON.stringify({ services: services.map(service) }));
  return root;
}

function generate(root: string, ...flags: string[]) {
  const run = spawnSync(process.execPath, [BIN, 'generate', '--config', 'slo.json', '--out', 'generated', ...flags], { cwd: root, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function generateOk(root: string, ...flags: string[]): void {
  const run = generate(root, ...flags);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
}

describe('files sloforge did not write', () => {
  it('a hand-written file where a new service puts its rules is refused by name, exit 1, nothing written', async () => {
    const root = await project(['api']);
    generateOk(root);
    await writeFile(join(root, 'generated/prometheus/rules/web.yml'), '# our hand-written web rules\n');
    await writeFile(join(root, 'generated/SUMMARY.md'), 'edited by hand\n');
    const before = await snapshot(join(root, 'generated'));
    await writeFile(join(root, 'slo.json'), JSON.stringify({ services: [service('api'), service('web')] }));
    const run = generate(root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('generated/prometheus/rules/web.yml: a file with other content');
    expect(run.stderr).toContain('--force');
    // SUMMARY.md is sloforge's (the manifest lists it): editing it does not make it the user's.
    expect(run.stderr).not.toContain('SUMMARY.md');
    expect(await snapshot(join(root, 'generated'))).toEqual(before);
    expect((await readdir(root)).sort()).toEqual(['generated', 'slo.json']);
  });

  it('every such file is named, and --force replaces them; the next run owns them', async () => {
    const root = await project(['api']);
    generateOk(root);
    await writeFile(join(root, 'generated/prometheus/rules/web.yml'), 'mine\n');
    await writeFile(join(root, 'generated/prometheus/tests/web.test.yml'), 'mine too\n');
    await writeFile(join(root, 'slo.json'), JSON.stringify({ services: [service('api'), service('web')] }));
    const refused = generate(root);
    expect(refused.code).toBe(1);
    expect(refused.stderr.match(/^ {2}\S+: .*$/gm)).toEqual(['  generated/prometheus/rules/web.yml: a file with other content', '  generated/prometheus/tests/web.test.yml: a file with other content']);
    generateOk(root, '--force');
    expect(await readFile(join(root, 'generated/prometheus/rules/web.yml'), 'utf8')).toContain('service: web');
    await writeFile(join(root, 'generated/prometheus/rules/web.yml'), 'edited since\n');
    generateOk(root);
  });

  it('a first run into a directory without a manifest adopts files identical to its own and refuses only the one that differs', async () => {
    const root = await project(['api']);
    generateOk(root);
    await cp(join(root, 'generated'), join(root, 'copy'), { recursive: true });
    await rm(join(root, 'generated'), { recursive: true });
    await rm(join(root, 'copy/.sloforge-manifest.json'));
    await cp(join(root, 'copy'), join(root, 'generated'), { recursive: true });
    generateOk(root);
    await rm(join(root, 'generated/.sloforge-manifest.json'));
    await writeFile(join(root, 'generated/SUMMARY.md'), 'not what sloforge writes\n');
    const run = generate(root);
    expect(run.code).toBe(1);
    expect(run.stderr.match(/^ {2}\S+: .*$/gm)).toEqual(['  generated/SUMMARY.md: a file with other content']);
    expect(await readFile(join(root, 'generated/SUMMARY.md'), 'utf8')).toBe('not what sloforge writes\n');
  });

  it('a dangling symlink at a generated path is refused, and --force replaces it with the file', async () => {
    const root = await project(['api']);
    generateOk(root);
    await rm(join(root, 'generated/SUMMARY.md'));
    await symlink(join(root, 'nowhere.md'), join(root, 'generated/SUMMARY.md'));
    const run = generate(root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('generated/SUMMARY.md: a dangling symlink');
    generateOk(root, '--force');
    expect(await readFile(join(root, 'generated/SUMMARY.md'), 'utf8')).toContain('generated by sloforge');
  });

  it('a directory where a file goes is refused even with --force', async () => {
    const root = await project(['api']);
    generateOk(root);
    await rm(join(root, 'generated/SUMMARY.md'));
    await mkdir(join(root, 'generated/SUMMARY.md'));
    await writeFile(join(root, 'generated/SUMMARY.md/notes.txt'), 'mine\n');
    const run = generate(root, '--force');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('generated/SUMMARY.md: a directory');
    expect(run.stderr).not.toContain('--force');
    expect(await readFile(join(root, 'generated/SUMMARY.md/notes.txt'), 'utf8')).toBe('mine\n');
  });
});
