/**
 * tsc's outputs whose source is gone: an incremental tsc never removes the `.js` and
 * `.d.ts` of a deleted or renamed source, so they would stay in dist/ and ship in the
 * package. The bundle (its own directory) and tsc's build state are not tsc's outputs of a
 * source and stay.
 */
import { existsSync } from 'node:fs';
import { readdir, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const NOT_OUTPUTS = new Set(['cli-bundle', '.tsbuildinfo']);

/** Removes every file of `dist` that no `.ts` of `src` compiles to, and the directories that leaves empty; returns their paths relative to `dist`. */
export async function removeOrphans(dist: string, src: string): Promise<string[]> {
  const removed: string[] = [];
  const entries = await readdir(dist, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name).slice(dist.length + 1);
    if (NOT_OUTPUTS.has(path.split('/')[0]!)) continue;
    const source = path.replace(/\.(d\.ts|js)(\.map)?$/, '.ts');
    if (source !== path && existsSync(join(src, source))) continue;
    // force: a build running beside this one may have removed it first.
    await rm(join(dist, path), { force: true });
    removed.push(path);
    for (let dir = dirname(path); dir !== '.'; dir = dirname(dir)) {
      if (!(await rmdir(join(dist, dir)).then(() => true, () => false))) break;
    }
  }
  return removed.sort();
}
