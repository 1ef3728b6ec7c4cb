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

/** Enough services that writing takes long enough to be killed at many points in it. */
function config(objective: number) {
  return {
    services: Array.from({ length: 40 }, (_, s) => ({
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
 * When to kill: so many ms after the staging tree appears, or after the first change to
 * anything under generated/ (the swap itself, for a writer that swaps in one step).
 */
type Kill = { readonly afterStaging: number } | { readonly afterFirstChange: number };

async function generate(root: string, configFile: string, kill?: Kill): Promise<Outcome> {
  // Every directory of the tree, watched one by one: Node's recursive watch on Linux polls, too slowly to catch a write.
  const tree = join(root, 'generated');
  const treeDirs = await readdir(tree, { recursive: true, withFileTypes: true }).then(
    (entries) => [tree, ...entries.filter((entry) => entry.isDirectory()).map((entry) => join(entry.parentPath, entry.name))],
    () => [],
  );
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, 'generate', '--config', configFile, '--out', 'generated'], { cwd: root, stdio: 'ignore' });
    let stagedAt: number | undefined;
    let changed = false;
    const killOnChange = () => {
      if (changed || stagedAt === undefined || !kill || !('afterFirstChange' in kill)) return;
      changed = true;
      setTimeout(() => child.kill('SIGKILL'), kill.afterFirstChange);
    };
    const watchers = [
      watch(root, (_, name) => {
        if (stagedAt === undefined && name?.startsWith('generated.sloforge-staging-')) {
          stagedAt = performance.now();
          if (kill && 'afterStaging' in kill) setTimeout(() => child.kill('SIGKILL'), kill.afterStaging);
        }
        if (name === 'generated') killOnChange();
      }),
      ...treeDirs.map((dir) => watch(dir, killOnChange).on('error', () => {})),
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

describe('a generation killed mid-write', () => {
  it('leaves the previous generated/ whole, or the new one whole, at every moment of the write', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sloforge-crash-'));
    await writeFile(join(root, 'old.json'), JSON.stringify(config(99.9)));
    await writeFile(join(root, 'new.json'), JSON.stringify(config(99.5)));
    await generate(root, 'old.json');
    const before = await snapshot(join(root, 'generated'));
    await cp(join(root, 'generated'), join(root, 'pristine'), { recursive: true });
    const { writing } = await generate(root, 'new.json');
    const after = await snapshot(join(root, 'generated'));
    expect(after).not.toEqual(before);

    // Spread over the whole write and a little past it, then at the first change to generated/ itself.
    const kills: Kill[] = [...Array.from({ length: 8 }, (_, i) => ({ afterStaging: (i / 7) * writing * 1.1 })), ...[0, 1, 3, 10].map((ms) => ({ afterFirstChange: ms }))];
    const results: ('previous' | 'new')[] = [];
    let midWrite = 0;
    for (const kill of kills) {
      await rm(join(root, 'generated'), { recursive: true });
      await cp(join(root, 'pristine'), join(root, 'generated'), { recursive: true });
      const outcome = await generate(root, 'new.json', kill);
      const state = classify(await snapshot(join(root, 'generated')), before, after);
      expect(state, `killed ${JSON.stringify(kill)}`).toMatch(/^(previous|new)$/);
      results.push(state as 'previous' | 'new');
      const leftovers = (await readdir(root)).filter((name) => name.startsWith('generated.sloforge-'));
      if (outcome.killed && leftovers.length > 0) midWrite++;
    }
    // Most kills landed while files were being written: the test saw the dangerous moments.
    expect(midWrite).toBeGreaterThanOrEqual(kills.length / 2);
    expect(results).toContain('previous');

    // The next run clears what the killed ones left beside the tree.
    await generate(root, 'new.json');
    expect(await snapshot(join(root, 'generated'))).toEqual(after);
    expect((await readdir(root)).sort()).toEqual(['generated', 'new.json', 'old.json', 'pristine']);
  });

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
