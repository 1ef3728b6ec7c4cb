/**
 * The generated tree's permissions are those writing it in place would give: a `prometheus`
 * user can read a fresh checkout, and modes set on an existing tree survive a regeneration.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmod, chown, mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/sloforge.js');

const CONFIG = {
  services: [{ name: 'api', slos: [{ name: 'availability', objective: 99.9, sli: { ratio: { errors: 'r_total{code=~"5.."}', total: 'r_total' } } }] }],
};

/** `sloforge generate` in a shell with this umask, as a user's terminal or CI would run it. */
function generateWithUmask(root: string, umask: string): void {
  const run = spawnSync('sh', ['-c', `umask ${umask} && exec "$0" "$@"`, process.execPath, BIN, 'generate', '--config', 'slo.json', '--out', 'generated'], { cwd: root, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
}

async function setup(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'sloforge-modes-'));
  await writeFile(join(root, 'slo.json'), JSON.stringify(CONFIG));
  return root;
}

/** A group other than the user's own: the tests run as root on these machines, so chown may give any. */
const SHARED_GROUP = 65534;

const mode = async (path: string) => ((await stat(path)).mode & 0o7777).toString(8).padStart(4, '0');

/** Every directory and file of the tree with its mode, `.` for the tree itself. */
async function modes(tree: string): Promise<Record<string, string>> {
  const entries = await readdir(tree, { recursive: true });
  const all: Record<string, string> = { '.': await mode(tree) };
  for (const entry of entries.sort()) all[entry] = await mode(join(tree, entry));
  return all;
}

describe('the generated tree has the modes a plain mkdir and write give', () => {
  it('under umask 022 a fresh tree is 0755 directories and 0644 files, readable by another user', async () => {
    const root = await setup();
    generateWithUmask(root, '022');
    const all = await modes(join(root, 'generated'));
    expect(Object.keys(all)).toContain('prometheus/rules/api.yml');
    for (const [path, m] of Object.entries(all)) {
      const isDir = (await stat(join(root, 'generated', path))).isDirectory();
      expect(m, path).toBe(isDir ? '0755' : '0644');
    }
  });

  it('under umask 027 a fresh tree is 0750 directories and 0640 files', async () => {
    const root = await setup();
    generateWithUmask(root, '027');
    const all = await modes(join(root, 'generated'));
    expect(new Set(Object.values(all))).toEqual(new Set(['0750', '0640']));
  });

  it('a regeneration keeps the modes of the existing tree, a setgid subdirectory and a file, whatever the umask', async () => {
    const root = await setup();
    generateWithUmask(root, '022');
    const tree = join(root, 'generated');
    await chmod(tree, 0o775);
    await chown(join(tree, 'prometheus/rules'), -1, SHARED_GROUP);
    await chmod(join(tree, 'prometheus/rules'), 0o2775);
    await chmod(join(tree, 'prometheus/rules/api.yml'), 0o664);
    const web = { ...CONFIG.services[0]!, name: 'web' };
    await writeFile(join(root, 'slo.json'), JSON.stringify({ services: [...CONFIG.services, web] }));
    generateWithUmask(root, '077');
    const all = await modes(tree);
    expect(all['.']).toBe('0775');
    expect(all.prometheus).toBe('0755');
    expect(all['prometheus/rules']).toBe('2775');
    expect((await stat(join(tree, 'prometheus/rules'))).gid).toBe(SHARED_GROUP);
    // The setgid directory hands its group on to what is written inside, as it would in place.
    expect((await stat(join(tree, 'prometheus/rules/web.yml'))).gid).toBe(SHARED_GROUP);
    expect(all['prometheus/rules/api.yml']).toBe('0664');
    expect(all['SUMMARY.md']).toBe('0644');
    // New to this tree, written under umask 077: what a plain write gives.
    expect(all['prometheus/rules/web.yml']).toBe('0600');
  });
});
