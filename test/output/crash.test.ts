/**
 * `sloforge generate` killed at any moment of its write: the output directory holds the
 * previous tree or the new one, whole, and never anything in between.
 */
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { watch } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { emit, withManifest } from '../../src/output/emit.ts';
import { exchangeDirectories } from '../../src/output/exchange.ts';
import { snapshot } from '../support/snapshot.ts';

const BIN = resolve(import.meta.dirname, '../../bin/sloforge.js');

/**
 * Enough services that writing takes long enough to be killed at many points in it. What
 * counts is the write's duration, which the kills are spread over: 20 services write in
 * 340–640 ms on a slow machine, 10–12 of the 12 kills landing mid-write (both cores busy
 * too); 3 to 5 services, in 140–200 ms, still land 8–11, above the half the test asks for.
 */
function config(objective: number) {
  return {
    services: Array.from({ length: 20 }, (_, s) => ({
      name: `svc-${s}`,
      slos: ['availability', 'errors', 'checkout'].map((name) => ({
        name,
        objective,
        sli: { ratio: { errors: `http_requests_total{job="svc-${s}",code=~"5.."}`, total: `http_requests_total{job="svc-${s}"}` } },
      })),
    })),
  };
}

interface Outcome {
  /** Milliseconds from the staging tree's appearance to the end of the process. */
  readonly writing: number;
  readonly killed: boolean;
}

/**
 * When to kill: so many ms after the staging tree appears, after the first change to
 * anything under generated/ (the swap itself, for a writer that swaps in one step), or
 * after an in-place write commits its journal.
 */
type Kill = { readonly afterStaging: number } | { readonly afterFirstChange: number } | { readonly afterCommit: number };

/** How `sloforge generate` is started: the command before its arguments. */
interface Setup {
  readonly name: string;
  readonly command: (root: string) => readonly string[];
  /** Written in place (in-place.ts) rather than swapped whole (swap.ts). */
  readonly inPlace: boolean;
}

const SETUPS: readonly Setup[] = [
  { name: 'a plain directory', command: () => [process.execPath], inPlace: false },
  // In a container the CLI is pid 1, and so was the run killed before it.
  { name: 'a plain directory, as pid 1 of a pid namespace', command: () => ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child=SIGKILL', process.execPath], inPlace: false },
  {
    name: 'a mount point (a bind mount in a mount namespace of its own)',
    command: (root) => ['unshare', '--mount', 'sh', '-c', 'mount --bind "$1" "$1" && shift && exec "$@"', 'sh', join(root, 'generated'), process.execPath],
    inPlace: true,
  },
];

const IN_PLACE_LEFTOVERS = /^\.sloforge-(staging\/|journal\.json$)/;

async function generate(root: string, configFile: string, setup: Setup, kill?: Kill): Promise<Outcome> {
  // Every directory of the tree, watched one by one: Node's recursive watch on Linux polls, too slowly to catch a write.
  const tree = join(root, 'generated');
  const treeDirs = await readdir(tree, { recursive: true, withFileTypes: true }).then(
    (entries) => [tree, ...entries.filter((entry) => entry.isDirectory()).map((entry) => join(entry.parentPath, entry.name))],
    () => [],
  );
  const [command, ...prefix] = setup.command(root);
  return new Promise((done, fail) => {
    const child = spawn(command!, [...prefix, BIN, 'generate', '--config', configFile, '--out', 'generated'], { cwd: root, stdio: 'ignore' });
    let stagedAt: number | undefined;
    let changed = false;
    const killAfter = (ms: number) => setTimeout(() => child.kill('SIGKILL'), ms);
    const staged = () => {
      if (stagedAt !== undefined) return;
      stagedAt = performance.now();
      if (kill && 'afterStaging' in kill) killAfter(kill.afterStaging);
    };
    const killOnChange = () => {
      if (changed || stagedAt === undefined || !kill || !('afterFirstChange' in kill)) return;
      changed = true;
      killAfter(kill.afterFirstChange);
    };
    const onTreeChange = (name: string | null) => {
      if (name === '.sloforge-staging') return staged();
      if (name === '.sloforge-journal.json' && kill && 'afterCommit' in kill && !changed) {
        changed = true;
        killAfter(kill.afterCommit);
      }
      if (!setup.inPlace) killOnChange();
    };
    const watchers = [
      watch(root, (_, name) => {
        if (name?.startsWith('generated.sloforge-staging-')) staged();
        if (name === 'generated') killOnChange();
      }),
      ...treeDirs.map((dir) => watch(dir, (_, name) => onTreeChange(dir === tree ? name : null)).on('error', () => {})),
    ];
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      for (const watcher of watchers) watcher.close();
      if (stagedAt === undefined) return fail(new Error(`generate exited (${code ?? signal}) before it began to write`));
      if (signal === null && code !== 0) return fail(new Error(`generate failed with exit code ${code}`));
      done({ writing: performance.now() - stagedAt, killed: signal === 'SIGKILL' });
    });
  });
}

/** Which whole tree `tree` is, or how it mixes them. */
function classify(tree: Record<string, string>, previous: Record<string, string>, next: Record<string, string>): string {
  const paths = [...new Set([...Object.keys(tree), ...Object.keys(previous), ...Object.keys(next)])];
  const count = (whole: Record<string, string>) => paths.filter((path) => tree[path] === whole[path]).length;
  if (count(previous) === paths.length) return 'previous';
  if (count(next) === paths.length) return 'new';
  return `mixed: of ${paths.length} files, ${count(previous)} as before and ${count(next)} as after`;
}

/** Files that are neither as before nor as after: half-written, or nobody's. */
function unwhole(tree: Record<string, string>, previous: Record<string, string>, next: Record<string, string>): string[] {
  return [...new Set([...Object.keys(tree), ...Object.keys(previous), ...Object.keys(next)])].filter((path) => tree[path] !== previous[path] && tree[path] !== next[path]);
}

const withoutInPlaceLeftovers = (tree: Record<string, string>) => Object.fromEntries(Object.entries(tree).filter(([path]) => !IN_PLACE_LEFTOVERS.test(path)));

describe.each(SETUPS)('a generation into $name killed mid-write', (setup) => {
  const promise = setup.inPlace
    ? 'leaves every file whole, the previous tree until the write is committed, and a journal the next run finishes'
    : 'leaves the previous generated/ whole, or the new one whole, at every moment of the write';
  it(promise, async () => {
    const root = await mkdtemp(join(tmpdir(), 'sloforge-crash-'));
    await writeFile(join(root, 'old.json'), JSON.stringify(config(99.9)));
    await writeFile(join(root, 'new.json'), JSON.stringify(config(99.5)));
    // A volume is there before anything is written into it.
    if (setup.inPlace) await mkdir(join(root, 'generated'));
    await generate(root, 'old.json', setup);
    const before = await snapshot(join(root, 'generated'));
    await cp(join(root, 'generated'), join(root, 'pristine'), { recursive: true });
    const { writing } = await generate(root, 'new.json', setup);
    const after = await snapshot(join(root, 'generated'));
    expect(after).not.toEqual(before);

    // Spread over the whole write and a little past it, then at the first change to generated/ itself (or the commit).
    const moments = [0, 1, 3, 10];
    const kills: Kill[] = [
      ...Array.from({ length: 8 }, (_, i) => ({ afterStaging: (i / 7) * writing * 1.1 })),
      ...moments.map((ms) => (setup.inPlace ? { afterCommit: ms } : { afterFirstChange: ms })),
    ];
    const results: string[] = [];
    let midWrite = 0;
    for (const kill of kills) {
      await rm(join(root, 'generated'), { recursive: true });
      await cp(join(root, 'pristine'), join(root, 'generated'), { recursive: true });
      const outcome = await generate(root, 'new.json', setup, kill);
      const left = await snapshot(join(root, 'generated'));
      const leftovers = [...(await readdir(root)).filter((name) => name.startsWith('generated.sloforge-')), ...Object.keys(left).filter((path) => IN_PLACE_LEFTOVERS.test(path))];
      const state = classify(withoutInPlaceLeftovers(left), before, after);
      if (setup.inPlace && '.sloforge-journal.json' in left) {
        expect(unwhole(withoutInPlaceLeftovers(left), before, after), `killed ${JSON.stringify(kill)}`).toEqual([]);
        results.push('committed');
      } else {
        expect(state, `killed ${JSON.stringify(kill)}`).toMatch(/^(previous|new)$/);
        results.push(state);
      }
      if (outcome.killed && leftovers.length > 0) midWrite++;
      if (setup.inPlace) {
        // The next run finishes (or discards) what the killed one left, whatever it was.
        await generate(root, 'new.json', setup);
        expect(await snapshot(join(root, 'generated'))).toEqual(after);
      }
    }
    // Most kills landed while files were being written: the test saw the dangerous moments.
    expect(midWrite).toBeGreaterThanOrEqual(kills.length / 2);
    expect(results).toContain('previous');
    if (setup.inPlace) expect(results).toContain('committed');

    // The next run clears what the killed ones left beside the tree.
    await generate(root, 'new.json', setup);
    expect(await snapshot(join(root, 'generated'))).toEqual(after);
    expect((await readdir(root)).sort()).toEqual(['generated', 'new.json', 'old.json', 'pristine']);
  });
});

describe('the two ways of swapping a tree', () => {
  it('swaps the trees in one step on this system: the name never points at nothing', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sloforge-exchange-'));
    await mkdir(join(root, 'a'));
    await mkdir(join(root, 'b'));
    await writeFile(join(root, 'a/file'), 'a');
    await writeFile(join(root, 'b/file'), 'b');
    expect(await exchangeDirectories(join(root, 'a'), join(root, 'b'))).toBe(true);
    expect(await snapshot(join(root, 'a'))).toEqual({ file: 'b' });
    expect(await snapshot(join(root, 'b'))).toEqual({ file: 'a' });
  });

  it('puts the previous tree back where a system without the one-step swap was killed between its two renames', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sloforge-recover-'));
    const out = join(root, 'generated');
    await emit(out, withManifest([{ path: 'rules/a.yml', content: 'old\n' }]));
    await writeFile(join(out, 'README.md'), 'kept\n');
    // The state two renames leave when killed between them: the old tree under its backup name.
    spawnSync('mv', [out, `${out}.sloforge-previous`]);
    await emit(out, withManifest([{ path: 'rules/a.yml', content: 'new\n' }]));
    expect(await snapshot(out)).toEqual({ 'README.md': 'kept\n', 'rules/a.yml': 'new\n', '.sloforge-manifest.json': expect.any(String) });
    expect(await readdir(root)).toEqual(['generated']);
  });
});
