/**
 * Builds the new files in a staging directory, each with the mode and group of the file
 * it replaces, and notes every foreign file (see foreign.ts) it would replace. Both ways
 * of putting them in place (swap.ts, in-place.ts) start here.
 */
import { writeFile } from 'node:fs/promises';
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

/** Writes each file under `staging` as it comes, so none is held longer than it takes to write. */
export async function stageFiles(staging: string, files: Iterable<RenderedFile>, plan: WritePlan): Promise<Staged> {
  const written: string[] = [];
  const foreign: ForeignEntry[] = [];
  // Files compile as they are asked for: an error in a compiler surfaces here, mid-write.
  for (const file of files) {
    const existing = join(plan.target, file.path);
    const found = await foreignEntry(existing, `${plan.shownAs}/${file.path}`, file.content, plan.owned.has(file.path) || file.path === MANIFEST);
    if (found) foreign.push(found);
    const path = join(staging, file.path);
    await mkdirLike(staging, plan.target, dirname(file.path));
    await writeFile(path, file.content, { flush: true });
    await copyPermissions(existing, path, 'file');
    written.push(file.path);
  }
  return { written, foreign };
}
