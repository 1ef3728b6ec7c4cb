/**
 * The write for a directory that cannot be swapped whole (a mount point, a read-only
 * parent, a tree with the user's symlinks in it): files are staged inside the directory,
 * a journal naming every replacement and removal is committed with one rename, and then
 * each file is renamed over its namesake. Every file is whole at every moment; until the
 * journal is committed the previous tree stands; once it is, the next run finishes the
 * write before it does anything else, whenever this one is killed. Directories are never
 * rebuilt, so a mount, a symlink or an empty directory of the user's stays as it is, and
 * a file under a symlinked directory lands where the link points.
 */
import { copyFile, mkdir, readFile, realpath, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { blocking, ForeignFilesError } from './foreign.ts';
import { MANIFEST, type RenderedFile } from './manifest.ts';
import { copyPermissions } from './modes.ts';
import { stageFiles, type WritePlan } from './stage.ts';

/** Inside the output directory, where renames out of it cannot cross a file system. */
export const IN_PLACE_STAGING = '.sloforge-staging';
export const JOURNAL = '.sloforge-journal.json';

interface Journal {
  /** Staged files to rename into place, the manifest last: it is the record of a finished write. */
  readonly replace: readonly string[];
  /** Files sloforge wrote before and no longer produces. */
  readonly remove: readonly string[];
}

export async function writeInPlace(files: Iterable<RenderedFile>, plan: WritePlan): Promise<number> {
  const staging = join(plan.target, IN_PLACE_STAGING);
  await mkdir(staging);
  let committed = false;
  try {
    copyPermissions(plan.target, staging, 'directory');
    const { written, foreign } = await stageFiles(staging, files, plan);
    const refused = blocking(foreign, plan.force);
    if (refused.length > 0) throw new ForeignFilesError(plan.shownAs, refused);
    const produced = new Set(written);
    const journal: Journal = {
      replace: [...written.filter((path) => path !== MANIFEST), ...written.filter((path) => path === MANIFEST)],
      remove: [...plan.owned].filter((path) => !produced.has(path)),
    };
    const draft = join(staging, JOURNAL);
    await writeFile(draft, `${JSON.stringify(journal)}\n`, { flush: true });
    await rename(draft, join(plan.target, JOURNAL));
    committed = true;
    await finishJournal(plan.target, journal);
    return written.length;
  } catch (error) {
    if (!committed) await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Finishes a write a killed run committed, or removes what one killed before its commit staged. */
export async function recoverInPlaceWrite(target: string): Promise<void> {
  const text = await readFile(join(target, JOURNAL), 'utf8').catch(() => undefined);
  if (text === undefined) return rm(join(target, IN_PLACE_STAGING), { recursive: true, force: true });
  await finishJournal(target, JSON.parse(text) as Journal);
}

/** Idempotent: a file already moved is no longer staged, a removed one no longer there. */
async function finishJournal(target: string, journal: Journal): Promise<void> {
  const staging = join(target, IN_PLACE_STAGING);
  for (const path of journal.replace) {
    const staged = join(staging, path);
    if (await exists(staged)) await moveIntoPlace(staged, join(target, path));
  }
  for (const path of journal.remove) {
    await rm(join(target, path), { force: true }).catch(() => {});
    await removeEmptiedDirectories(target, dirname(path));
  }
  await rm(join(target, JOURNAL));
  await rm(staging, { recursive: true, force: true });
}

/** Renamed over what is there, through a symlink to where it points; across file systems (a link to another volume) copied beside it first. */
async function moveIntoPlace(staged: string, path: string): Promise<void> {
  const destination = await realpath(path).catch(() => path);
  await mkdir(dirname(destination), { recursive: true });
  try {
    await rename(staged, destination);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    const beside = `${destination}.sloforge-new`;
    await copyFile(staged, beside);
    copyPermissions(staged, beside, 'file');
    await rename(beside, destination);
    await rm(staged);
  }
}

/** The directories a removal left empty, up to the output directory; one that still holds anything stops it. */
async function removeEmptiedDirectories(target: string, relativeDir: string): Promise<void> {
  for (let dir = relativeDir; dir !== '.' && dir !== ''; dir = dirname(dir)) {
    if (!(await rmdir(join(target, dir)).then(() => true, () => false))) return;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
