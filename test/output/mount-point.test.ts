/**
 * An output directory that cannot be renamed: a mount point (a Docker or Kubernetes
 * volume; here a bind mount in a mount namespace of its own, so renaming it really gives
 * EBUSY) or one in a parent this user cannot write. Both are written in place.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { snapshot } from '../support/snapshot.ts';

const BIN = resolve(import.meta.dirname, '../../bin/sloforge.js');
const NOBODY = 65534;

const service = (name: string) => ({ name, slos: [{ name: 'availability', objective: 99.9, sli: { ratio: { errors: `r_total{job="${name}",code=~"5.."}`, total: `r_total{job="${name}"}` } } }] });

async function project(services: string[]): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'sloforge-mount-'));
  await writeConfig(root, services);
  return root;
}

const writeConfig = (root: string, services: string[]) => writeFile(join(root, 'slo.json'), JSON.stringify({ services: services.map(service) }));

/** Runs `script` (sh, with these arguments) in a mount namespace of its own; a sandbox that cannot fails the test. */
function inMountNamespace(root: string, script: string, ...args: string[]) {
  const run = spawnSync('unshare', ['--mount', 'sh', '-c', script, 'sh', ...args], { cwd: root, encoding: 'utf8' });
  if (run.error) throw run.error;
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** `sloforge generate --out DIR` with DIR bind-mounted onto itself; first proves that DIR cannot be renamed. */
function generateIntoMountPoint(root: string, out: string) {
  const script = 'mount --bind "$1" "$1" || exit 97; mv "$1" "$1.moved" 2>&1 && exit 98; shift; exec "$@"';
  return inMountNamespace(root, script, out, process.execPath, BIN, 'generate', '--config', 'slo.json', '--out', out);
}

function generatePlain(root: string, out: string) {
  const run = spawnSync(process.execPath, [BIN, 'generate', '--config', 'slo.json', '--out', out], { cwd: root, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
}

describe('an output directory that is a mount point', () => {
  it('cannot be renamed (EBUSY), and is written in place: the same files as a plain directory gets, the old ones pruned, the user’s kept', async () => {
    const root = await project(['api', 'web']);
    const out = join(root, 'volume');
    await mkdir(out);
    const first = generateIntoMountPoint(root, out);
    expect(first.stdout).toContain('Device or resource busy');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    await writeFile(join(out, 'README.md'), 'the volume of the monitoring pod\n');
    await mkdir(join(out, 'prometheus/rules/disabled'));

    await writeConfig(root, ['api']);
    const second = generateIntoMountPoint(root, out);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    generatePlain(root, join(root, 'plain'));
    expect(await snapshot(out)).toEqual({ ...(await snapshot(join(root, 'plain'))), 'README.md': 'the volume of the monitoring pod\n' });
    expect(await readdir(join(out, 'prometheus/rules'))).toEqual(['api.yml', 'disabled']);
    expect((await readdir(root)).sort()).toEqual(['plain', 'slo.json', 'volume']);
  });

  it('refuses a file sloforge did not write there as it does elsewhere, leaving the volume as it was', async () => {
    const root = await project(['api']);
    const out = join(root, 'volume');
    await mkdir(out);
    expect(generateIntoMountPoint(root, out).code).toBe(0);
    await writeFile(join(out, 'prometheus/rules/web.yml'), 'mine\n');
    const before = await snapshot(out);
    await writeConfig(root, ['api', 'web']);
    const run = generateIntoMountPoint(root, out);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('prometheus/rules/web.yml: a file with other content');
    expect(await snapshot(out)).toEqual(before);
  });

  it('a volume shared through its group (Kubernetes fsGroup: setgid 2775) keeps its mode, and every file and directory written gets its group', async () => {
    const root = await project(['api']);
    const out = join(root, 'volume');
    await mkdir(out);
    await chown(out, -1, NOBODY);
    await chmod(out, 0o2775);
    expect(generateIntoMountPoint(root, out).code).toBe(0);
    await writeConfig(root, ['api', 'web']);
    expect(generateIntoMountPoint(root, out).code).toBe(0);
    expect((await stat(out)).mode & 0o7777).toBe(0o2775);
    const entries = await readdir(out, { recursive: true });
    expect(entries).toContain('prometheus/rules/web.yml');
    for (const entry of entries) {
      const info = await stat(join(out, entry));
      expect(info.gid, entry).toBe(NOBODY);
      if (info.isDirectory()) expect(info.mode & 0o2000, entry).toBe(0o2000);
    }
  });

  it('a volume in a read-only root file system (readOnlyRootFilesystem) is written, nothing beside it', async () => {
    const root = await project(['api']);
    const readOnly = join(root, 'ro');
    await mkdir(join(readOnly, 'generated'), { recursive: true });
    await mkdir(join(root, 'volume'));
    const script = [
      'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && mount --bind "$2" "$1/generated" || exit 97',
      'touch "$1/probe" 2>/dev/null && exit 98',
      'shift 2; exec "$@"',
    ].join('\n');
    const run = inMountNamespace(root, script, readOnly, join(root, 'volume'), process.execPath, BIN, 'generate', '--config', 'slo.json', '--out', join(readOnly, 'generated'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    generatePlain(root, join(root, 'plain'));
    expect(await snapshot(join(root, 'volume'))).toEqual(await snapshot(join(root, 'plain')));
    expect(await readdir(readOnly)).toEqual(['generated']);
  });
});

describe('an output directory in a parent this user cannot write', () => {
  /** As the unprivileged `nobody`: root writes anywhere. */
  function generateAsNobody(root: string, out: string) {
    const run = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, BIN, 'generate', '--config', 'slo.json', '--out', out], { cwd: root, encoding: 'utf8', env: { ...process.env, HOME: '/nonexistent' } });
    if (run.error) throw run.error;
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  async function sharedProject(): Promise<string> {
    const root = await project(['api']);
    await chmod(root, 0o755);
    await mkdir(join(root, 'parent'));
    return root;
  }

  it('is written in place, and not reported as another sloforge writing', async () => {
    const root = await sharedProject();
    await mkdir(join(root, 'parent/generated'));
    await chown(join(root, 'parent/generated'), NOBODY, NOBODY);
    for (const services of [['api', 'web'], ['api']]) {
      await writeConfig(root, services);
      const run = generateAsNobody(root, 'parent/generated');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    generatePlain(root, 'plain');
    expect(await snapshot(join(root, 'parent/generated'))).toEqual(await snapshot(join(root, 'plain')));
    expect(await readdir(join(root, 'parent'))).toEqual(['generated']);
  });

  it('that does not exist yet is reported as a directory that cannot be made, exit 1', async () => {
    const root = await sharedProject();
    const run = generateAsNobody(root, 'parent/generated');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('sloforge: cannot create the output directory parent/generated (EACCES): make it, or choose another with --out\n');
    expect(await readdir(join(root, 'parent'))).toEqual([]);
  });
});
