import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeOrphans } from '../../scripts/dist-orphans.ts';

let work: string | undefined;
afterEach(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function files(root: string, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), '');
  }
}

describe('removeOrphans', () => {
  it("removes what no source compiles to, and the directories that leaves empty; keeps every source's outputs, the bundle and tsc's build state", async () => {
    work = await mkdtemp(join(tmpdir(), 'sloforge-orphans-'));
    const [src, dist] = [join(work, 'src'), join(work, 'dist')];
    await files(src, ['index.ts', 'output/emit.ts']);
    await files(dist, [
      'index.js', 'index.d.ts', 'output/emit.js', 'output/emit.d.ts', '.tsbuildinfo', 'cli-bundle/main.js', 'cli-bundle/chunk-ABC.js',
      'output/write-queue.js', 'output/write-queue.d.ts', 'output/write-queue.js.map', 'gone/deep/module.js', 'gone/deep/module.d.ts', 'notes.txt',
    ]);
    expect(await removeOrphans(dist, src)).toEqual(['gone/deep/module.d.ts', 'gone/deep/module.js', 'notes.txt', 'output/write-queue.d.ts', 'output/write-queue.js', 'output/write-queue.js.map']);
    const left = (await readdir(dist, { recursive: true })).sort();
    expect(left).toEqual(['.tsbuildinfo', 'cli-bundle', 'cli-bundle/chunk-ABC.js', 'cli-bundle/main.js', 'index.d.ts', 'index.js', 'output', 'output/emit.d.ts', 'output/emit.js']);
  });

  it('leaves a dist/ that is not there alone', async () => {
    work = await mkdtemp(join(tmpdir(), 'sloforge-orphans-'));
    expect(await removeOrphans(join(work, 'dist'), join(work, 'src'))).toEqual([]);
  });
});
