/**
 * What the user keeps in the output directory stays as they made it: symlinks (to
 * directories, to files, dangling), empty directories, special files. A symlinked
 * directory that generated files go into is written through, to where it points.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emit, withManifest, type RenderedFile } from '../../src/output/emit.ts';

const files = (tag: string): RenderedFile[] => [
  { path: 'grafana/dashboards/api.json', content: `{"tag":"${tag}"}\n` },
  { path: 'prometheus/rules/api.yml', content: `# ${tag}\n` },
  { path: 'SUMMARY.md', content: `${tag}\n` },
];

async function project(): Promise<{ root: string; out: string }> {
  const root = await mkdtemp(join(tmpdir(), 'sloforge-user-'));
  return { root, out: join(root, 'generated') };
}

describe("the user's entries in the output directory", () => {
  it('a symlinked directory that generated files go into stays a link, and the files land where it points', async () => {
    const { root, out } = await project();
    await emit(out, withManifest(files('a')));
    // Grafana's provisioning reads dashboards from elsewhere: the user links that directory in.
    await mkdir(join(root, 'grafana-provisioned'));
    spawnSync('rm', ['-r', join(out, 'grafana/dashboards')]);
    await symlink(join(root, 'grafana-provisioned'), join(out, 'grafana/dashboards'));
    await emit(out, withManifest(files('b')));
    expect((await lstat(join(out, 'grafana/dashboards'))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(out, 'grafana/dashboards'))).toBe(join(root, 'grafana-provisioned'));
    expect(await readFile(join(root, 'grafana-provisioned/api.json'), 'utf8')).toBe('{"tag":"b"}\n');
    expect(await readFile(join(out, 'prometheus/rules/api.yml'), 'utf8')).toBe('# b\n');
  });

  it('a symlink to a directory elsewhere in the tree, and one to a file, stay links and are not copied', async () => {
    const { root, out } = await project();
    await mkdir(join(root, 'docs'));
    await writeFile(join(root, 'docs/runbook.md'), 'runbook\n');
    await emit(out, withManifest(files('a')));
    await symlink(join(root, 'docs'), join(out, 'docs'));
    await symlink('../SUMMARY.md', join(out, 'prometheus/summary-link.md'));
    await emit(out, withManifest(files('b')));
    expect((await lstat(join(out, 'docs'))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(out, 'prometheus/summary-link.md'))).toBe('../SUMMARY.md');
    expect(await readFile(join(out, 'prometheus/summary-link.md'), 'utf8')).toBe('b\n');
    expect(await readdir(join(root, 'docs'))).toEqual(['runbook.md']);
  });

  it('a dangling symlink is no obstacle: every later run succeeds and leaves it dangling', async () => {
    const { root, out } = await project();
    await emit(out, withManifest(files('a')));
    await symlink(join(root, 'gone'), join(out, 'prometheus/old-rules'));
    await emit(out, withManifest(files('b')));
    await emit(out, withManifest(files('c')));
    expect(await readlink(join(out, 'prometheus/old-rules'))).toBe(join(root, 'gone'));
    expect(await readFile(join(out, 'SUMMARY.md'), 'utf8')).toBe('c\n');
  });

  it("a user's empty directory, nested or at the top, with its mode, survives a regeneration", async () => {
    const { out } = await project();
    await emit(out, withManifest(files('a')));
    await mkdir(join(out, 'drafts'), { mode: 0o700 });
    await mkdir(join(out, 'prometheus/rules/disabled'));
    await emit(out, withManifest(files('b')));
    expect((await stat(join(out, 'drafts'))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(out, 'drafts'))).toEqual([]);
    expect(await readdir(join(out, 'prometheus/rules/disabled'))).toEqual([]);
  });

  it('a named pipe of the user is left where it is, the same file', async () => {
    const { out } = await project();
    await emit(out, withManifest(files('a')));
    expect(spawnSync('mkfifo', [join(out, 'events')]).status).toBe(0);
    const before = await lstat(join(out, 'events'));
    await emit(out, withManifest(files('b')));
    const after = await lstat(join(out, 'events'));
    expect(after.isFIFO()).toBe(true);
    expect(after.ino).toBe(before.ino);
  });

  it('a directory that held only files sloforge no longer produces goes with them; one with a user file stays', async () => {
    const { out } = await project();
    await emit(out, withManifest([...files('a'), { path: 'kubernetes/rules.yaml', content: 'k\n' }, { path: 'extra/x.yml', content: 'x\n' }]));
    await writeFile(join(out, 'extra/notes.txt'), 'mine\n');
    await emit(out, withManifest(files('b')));
    expect((await readdir(out)).sort()).toEqual(['.sloforge-manifest.json', 'SUMMARY.md', 'extra', 'grafana', 'prometheus']);
    expect(await readdir(join(out, 'extra'))).toEqual(['notes.txt']);
  });
});
