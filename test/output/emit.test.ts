import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { emit, MANIFEST, withManifest, type RenderedFile } from '../../src/output/emit.ts';

const tree = (tag: string, count = 20): RenderedFile[] => Array.from({ length: count }, (_, i) => ({ path: `dir${i % 3}/file${i}.yml`, content: `${tag} ${i}\n` }));

async function contents(dir: string): Promise<string[]> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && e.name !== MANIFEST);
  return Promise.all(files.map((e) => readFile(join(e.parentPath, e.name), 'utf8'))).then((all) => all.sort());
}

describe('emit writes a tree as one step', () => {
  it('lets one of several writers at once finish and turns the others away whole, never mixing trees', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'sloforge-emit-')), 'generated');
    const results = await Promise.allSettled(['a', 'b', 'c'].map((tag) => emit(out, withManifest(tree(tag)))));
    const written = results.filter((r) => r.status === 'fulfilled').length;
    expect(written).toBeGreaterThanOrEqual(1);
    for (const result of results) if (result.status === 'rejected') expect(String(result.reason)).toMatch(/another sloforge .*is writing/);
    const files = await contents(out);
    expect(files).toHaveLength(20);
    expect(new Set(files.map((f) => f.split(' ')[0])).size).toBe(1);
    expect((await readdir(join(out, '..'))).sort()).toEqual(['generated']);
  });

  it('writes through a symlinked output directory and leaves the link in place', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sloforge-emit-'));
    await mkdir(join(root, 'real'));
    await symlink(join(root, 'real'), join(root, 'generated'));
    await emit(join(root, 'generated'), tree('a', 3));
    expect(await contents(join(root, 'real'))).toEqual(['a 0\n', 'a 1\n', 'a 2\n']);
    expect((await readdir(root)).sort()).toEqual(['generated', 'real']);
  });

  it('leaves the previous tree and nothing else when a compiler fails halfway through the files', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'sloforge-emit-')), 'generated');
    await emit(out, tree('a', 4));
    function* failing(): Generator<RenderedFile> {
      yield* tree('b', 2);
      throw new Error('a compiler failed');
    }
    await expect(emit(out, failing())).rejects.toThrow('a compiler failed');
    expect(await contents(out)).toEqual(['a 0\n', 'a 1\n', 'a 2\n', 'a 3\n']);
    expect(await readdir(join(out, '..'))).toEqual(['generated']);
  });

  it('a writer killed while it holds the lock leaves none behind: the next one goes ahead at once', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'sloforge-emit-')), 'generated');
    await emit(out, withManifest(tree('a', 2)));
    const lock = pathToFileURL(join(import.meta.dirname, '../../src/output/lock.ts')).href;
    const holder = spawn(process.execPath, ['--import', 'tsx', '-e', `import(${JSON.stringify(lock)}).then((m) => m.lockDirectory(${JSON.stringify(out)}, 'out')).then(() => { console.log('held'); setInterval(() => {}, 1000); })`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((held) => holder.stdout.once('data', () => held()));
    await expect(emit(out, withManifest(tree('b', 2)))).rejects.toThrow(`another sloforge is writing ${out}`);
    holder.kill('SIGKILL');
    await new Promise((gone) => holder.once('exit', gone));
    await emit(out, withManifest(tree('c', 2)));
    expect(await readFile(join(out, 'dir1/file1.yml'), 'utf8')).toBe('c 1\n');
  });

  it('without perl to hold the lock, generate stops and says so, exit 1, writing no file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sloforge-emit-'));
    await writeFile(join(root, 'slo.json'), JSON.stringify({ services: [{ name: 'api', slos: [{ name: 'availability', objective: 99.9, sli: { ratio: { errors: 'r_total{code=~"5.."}', total: 'r_total' } } }] }] }));
    const bin = join(import.meta.dirname, '../../bin/sloforge.js');
    const run = spawnSync(process.execPath, [bin, 'generate', '--config', 'slo.json', '--out', 'generated'], { cwd: root, encoding: 'utf8', env: { ...process.env, PATH: '/nonexistent' } });
    expect(run.stderr).toBe('sloforge: sloforge locks the output directory with perl, which could not be started: spawn perl ENOENT\n');
    expect(run.status).toBe(1);
    expect(await readdir(join(root, 'generated'))).toEqual([]);
  });
});
