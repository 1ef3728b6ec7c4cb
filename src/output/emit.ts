/**
 * Writes artifacts into the output directory, which stays the user's: files sloforge
 * wrote before and no longer produces are removed (the manifest says which), a file it
 * did not write is never overwritten without `--force`, and everything else (files,
 * symlinks, empty directories, mounts) is left as it is. The tree is swapped in whole
 * where the system allows it (swap.ts), and otherwise written file by file under a
 * journal (in-place.ts); either way a failure or a kill leaves no half-written file.
 */
import { mkdir, readFile, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { compareCodePoints } from '../model/order.ts';
import { recoverInPlaceWrite, writeInPlace, IN_PLACE_STAGING, JOURNAL } from './in-place.ts';
import { lockDirectory } from './lock.ts';
import { MANIFEST, ownedFiles, type RenderedFile } from './manifest.ts';
import { removeStagingLeftovers, restoreBackup, whyNotSwappable, writeBySwap } from './swap.ts';
import { listTree } from './tree.ts';

export { MANIFEST, withManifest, type RenderedFile } from './manifest.ts';

export interface EmitOptions {
  /** Replace files at generated paths that sloforge did not write. */
  readonly force?: boolean;
}

/** What sloforge keeps in the output directory for itself, never a user's entry. */
const OWN_ENTRIES: ReadonlySet<string> = new Set([MANIFEST, IN_PLACE_STAGING, JOURNAL]);

/** Writes the files; returns how many. */
export async function emit(outDir: string, files: Iterable<RenderedFile>, options: EmitOptions = {}): Promise<number> {
  const target = await outputDirectory(outDir);
  const lock = await lockDirectory(target, outDir);
  try {
    await recoverInPlaceWrite(target);
    await removeStagingLeftovers(target);
    const plan = { target, shownAs: outDir, owned: await ownedFiles(target), force: options.force ?? false };
    const tree = await listTree(target, OWN_ENTRIES);
    return (await whyNotSwappable(target, tree)) === undefined ? await writeBySwap(files, tree, plan) : await writeInPlace(files, plan);
  } finally {
    await lock.release();
  }
}

/**
 * The directory to write, as a real path, made if it is not there. A symlinked output
 * directory is written where it points, and stays a link.
 */
async function outputDirectory(outDir: string): Promise<string> {
  const named = await realpath(outDir).catch(async () => {
    const link = await readlink(outDir).catch(() => undefined);
    const path = link === undefined ? resolve(outDir) : resolve(dirname(outDir), link);
    return join(await realpath(dirname(path)).catch(() => dirname(path)), basename(path));
  });
  await restoreBackup(named);
  await mkdir(named, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot create the output directory ${outDir} (${error.code}): make it, or choose another with --out`);
  });
  return named;
}

/** Differences between what is on disk and `files`: stale, missing, and owned files no longer produced. */
export async function staleFiles(outDir: string, files: Iterable<RenderedFile>): Promise<string[]> {
  const problems: string[] = [];
  const produced = new Set<string>();
  for (const file of files) {
    produced.add(file.path);
    const current = await readFile(join(outDir, file.path), 'utf8').catch(() => undefined);
    if (current === undefined) problems.push(`missing: ${file.path}`);
    else if (current !== file.content) problems.push(`stale: ${file.path}`);
  }
  for (const owned of await ownedFiles(outDir)) {
    if (!produced.has(owned) && (await stat(join(outDir, owned)).then(() => true, () => false))) problems.push(`extra: ${owned}`);
  }
  return problems.sort(compareCodePoints);
}
