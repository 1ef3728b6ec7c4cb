/**
 * The whole-tree write, used wherever the system allows it: the new tree is built beside
 * the old one, everything sloforge does not own is carried over, and the two are swapped
 * in one step, so the output directory holds the previous tree or the new one, whole, at
 * every moment. It needs a directory that can be renamed (not a mount point, in a parent
 * this user can write) and a tree that can be rebuilt entry for entry (no mount point or
 * symlink inside it, which a rebuilt tree would turn into copies).
 */
import { access, constants, copyFile, link, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { exchangeDirectories } from './exchange.ts';
import { blocking, ForeignFilesError } from './foreign.ts';
import { MANIFEST, type RenderedFile } from './manifest.ts';
import { holdsMountPoint } from './mounts.ts';
import { copyPermissions, mkdirLike } from './modes.ts';
import { stageFiles, type WritePlan } from './stage.ts';
import type { TreeEntry } from './tree.ts';

const STAGING = '.sloforge-staging-';
const PREVIOUS = '.sloforge-previous';

/** Why the tree cannot be swapped whole, or undefined when it can. */
export async function whyNotSwappable(target: string, tree: readonly TreeEntry[]): Promise<string | undefined> {
  if (tree.some((entry) => entry.kind === 'symlink')) return 'it holds a symlink';
  if (await holdsMountPoint(target)) return 'it is or holds a mount point';
  const writable = await access(dirname(target), constants.W_OK).then(() => true, () => false);
  return writable ? undefined : 'its parent cannot be written';
}

export async function writeBySwap(files: Iterable<RenderedFile>, tree: readonly TreeEntry[], plan: WritePlan): Promise<number> {
  const { target } = plan;
  // Not mkdtemp, whose 0700 would become the tree's: under the lock one name per process is enough.
  const staging = `${target}${STAGING}${process.pid}`;
  await mkdir(staging);
  try {
    copyPermissions(target, staging, 'directory');
    const { written, foreign } = await stageFiles(staging, files, plan);
    const refused = blocking(foreign, plan.force);
    if (refused.length > 0) throw new ForeignFilesError(plan.shownAs, refused);
    await carryOver(tree, staging, plan, new Set(written));
    await swapIn(staging, target);
    return written.length;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Hard-links every entry sloforge does not own into the staged tree (the same files, not
 * copies), and makes every directory that holds nothing, with its mode and group.
 */
async function carryOver(tree: readonly TreeEntry[], staging: string, plan: WritePlan, written: ReadonlySet<string>): Promise<void> {
  for (const entry of tree) {
    if (entry.kind === 'directory') {
      if (entry.empty) await mkdirLike(staging, plan.target, entry.path);
      continue;
    }
    if (plan.owned.has(entry.path) || written.has(entry.path) || entry.path === MANIFEST) continue;
    const from = join(plan.target, entry.path);
    const to = join(staging, entry.path);
    await mkdirLike(staging, plan.target, dirname(entry.path));
    // A file system without hard links (or a file this user may not link) gets a copy, with the mode and group.
    await link(from, to).catch(async () => {
      await copyFile(from, to);
      copyPermissions(from, to, 'file');
    });
  }
}

/**
 * Exchanged in one step where the system can, so the name always holds a whole tree;
 * elsewhere with two renames, where a kill between them leaves the old tree under its
 * backup name for the next run to put back.
 */
async function swapIn(staging: string, target: string): Promise<void> {
  // The new tree is in place: the old one, now under the staging name, goes, or the next run removes it.
  if (await exchangeDirectories(staging, target)) return rm(staging, { recursive: true, force: true }).catch(() => {});
  const previous = `${target}${PREVIOUS}`;
  await rename(target, previous);
  try {
    await rename(staging, target);
  } catch (error) {
    await rename(previous, target).catch(() => {});
    throw error;
  }
  await rm(previous, { recursive: true, force: true });
}

/** Before the directory is made: a run killed between the two renames left the old tree under its backup name. */
export async function restoreBackup(target: string): Promise<void> {
  const previous = `${target}${PREVIOUS}`;
  if (!(await exists(previous))) return;
  if (await exists(target)) await rm(previous, { recursive: true, force: true });
  else await rename(previous, target);
}

/** A half-built staging tree a killed run left beside the directory, or an old tree it had not yet removed. */
export async function removeStagingLeftovers(target: string): Promise<void> {
  const prefix = `${basename(target)}${STAGING}`;
  const siblings = await readdir(dirname(target)).catch(() => [] as string[]);
  // Another run that has just swapped may be removing its old tree too: what fails here goes next time.
  for (const name of siblings) if (name.startsWith(prefix)) await rm(join(dirname(target), name), { recursive: true, force: true }).catch(() => {});
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
