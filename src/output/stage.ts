/**
 * Builds the new files in a staging directory, each with the mode and group of the file
 * it replaces, and notes every foreign file (see foreign.ts) it would replace. Both ways
 * of putting them in place (swap.ts, in-place.ts) start here.
 */
import { writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { foreignEntry, type ForeignEntry } from './foreign.ts';
import { MANIFEST, type RenderedFile } from './manifest.ts';
import { copyPermissions, mkdirLike } from './modes.ts';

export interface WritePlan {
  /** The output directory as a real path. */
  readonly target: string;
  /** The output directory as the user named it, for messages. */
  readonly shownAs: string;
  /** Files the manifest lists: sloforge's to overwrite and to remove. */
  readonly owned: ReadonlySet<string>;
  readonly force: boolean;
}

export interface Staged {
  /** Relative paths, in the order they were written. */
  readonly written: readonly string[];
  readonly foreign: readonly ForeignEntry[];
}

/**
 * Writes each file under `staging` as it comes, so none is held longer than it takes to
 * write, and then flushes them all to the disk before anything is put in place: one wait
 * for the disk, not one per file (10,000 SLOs write 5,000 files). The checks and writes of
 * a file are synchronous: they go to the page cache, and an await for each would wait
 * behind the compilers' work, which runs between them.
 */
export async function stageFiles(staging: string, files: Iterable<RenderedFile>, plan: WritePlan): Promise<Staged> {
  const written: string[] = [];
  const foreign: ForeignEntry[] = [];
  const directories = new Set<string>();
  // Files compile as they are asked for: an error in a compiler surfaces here, mid-write.
  for (const file of files) {
    const existing = join(plan.target, file.path);
    const found = foreignEntry(existing, `${plan.shownAs}/${file.path}`, file.content, plan.owned.has(file.path) || file.path === MANIFEST);
    if (found) foreign.push(found);
    const path = join(staging, file.path);
    const directory = dirname(file.path);
    if (!directories.has(directory)) {
      await mkdirLike(staging, plan.target, directory);
      directories.add(directory);
    }
    writeFileSync(path, file.content);
    copyPermissions(existing, path, 'file');
    written.push(file.path);
  }
  await flushToDisk(written.map((file) => join(staging, file)));
  return { written, foreign };
}

/** Flushes written files, a few at a time: the file system commits concurrent flushes together. */
async function flushToDisk(paths: readonly string[], inFlight = 32): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const handle = await open(paths[next++]!, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, paths.length) }, worker));
}
