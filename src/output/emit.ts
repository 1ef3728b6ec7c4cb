/**
 * Writes artifacts under the output directory as one step: the new tree is built
 * beside the old one and swapped in (see `swapIn`), so a failure or a kill at any point
 * leaves the previous tree whole. Files sloforge wrote before and no longer produces are removed
 * (the manifest says which); anything else in the directory is carried over untouched.
 */
import { copyFile, link, mkdir, open, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { exchangeDirectories } from './exchange.ts';
import { copyPermissions, mkdirLike } from './modes.ts';

/** Lists the files sloforge owns in the output directory, so it can prune them later. */
export const MANIFEST = '.sloforge-manifest.json';

export interface RenderedFile {
  readonly path: string;
  readonly content: string;
}

/** The files as they come, then the manifest that lists them. */
export function* withManifest(files: Iterable<RenderedFile>): Generator<RenderedFile> {
  const paths: string[] = [];
  for (const file of files) {
    paths.push(file.path);
    yield file;
  }
  yield { path: MANIFEST, content: `${JSON.stringify({ files: paths.sort() }, null, 2)}\n` };
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
    if (!produced.has(owned) && (await exists(join(outDir, owned)))) problems.push(`extra: ${owned}`);
  }
  return problems.sort();
}

/** Writes the files, each as it comes so none is held longer than it takes to write; returns how many. */
export async function emit(outDir: string, files: Iterable<RenderedFile>): Promise<number> {
  // A symlinked output directory is written where it points, and stays a link.
  const target = await realpath(outDir).catch(() => outDir);
  await mkdir(dirname(target), { recursive: true });
  const lockFile = `${target}.sloforge-lock`;
  const lock = await takeLock(lockFile, outDir);
  try {
    await recoverInterruptedSwap(target);
    // Not mkdtemp, whose 0700 would become the tree's: under the lock one name per process is enough.
    const staging = `${target}${STAGING}${process.pid}`;
    await mkdir(staging);
    try {
      await copyPermissions(target, staging, 'directory');
      const written = new Set<string>();
      // Files compile as they are asked for: an error in a compiler surfaces here, mid-write.
      for (const file of files) {
        const path = join(staging, file.path);
        await mkdirLike(staging, target, dirname(file.path));
        await writeFile(path, file.content, { flush: true });
        await copyPermissions(join(target, file.path), path, 'file');
        written.add(file.path);
      }
      if (await exists(target)) await carryOverForeignFiles(target, staging, new Set([...(await ownedFiles(target)), ...written]));
      await swapIn(staging, target);
      return written.size;
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
  } finally {
    await lock.close();
    await rm(lockFile, { force: true });
  }
}

const STAGING = '.sloforge-staging-';

/**
 * Puts the staged tree in place of the old one: exchanged in one step where the system
 * can, so `outDir` always holds a whole tree; elsewhere with two renames, where a kill
 * between them leaves the old tree under its backup name for the next run to put back.
 */
async function swapIn(staging: string, outDir: string): Promise<void> {
  if (!(await exists(outDir))) return rename(staging, outDir);
  // The new tree is in place: the old one, now under the staging name, goes, or the next run removes it.
  if (await exchangeDirectories(staging, outDir)) return rm(staging, { recursive: true, force: true }).catch(() => {});
  const previous = `${outDir}.sloforge-previous`;
  await rename(outDir, previous);
  try {
    await rename(staging, outDir);
  } catch (error) {
    await rename(previous, outDir).catch(() => {});
    throw error;
  }
  await rm(previous, { recursive: true, force: true });
}

/** One writer at a time; a lock left by a process that no longer runs is taken over. */
async function takeLock(lockFile: string, outDir: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      return handle;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw new Error(`another sloforge is writing ${outDir}; if none is, remove ${lockFile}`);
      const pid = Number(await readFile(lockFile, 'utf8').catch(() => ''));
      if (pid > 0 && isRunning(pid)) throw new Error(`another sloforge (pid ${pid}) is writing ${outDir}`);
      await rm(lockFile, { force: true });
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A killed run may have left a half-built staging tree (removed) or, between the two renames, the old tree under its backup name (put back). */
async function recoverInterruptedSwap(outDir: string): Promise<void> {
  const prefix = `${basename(outDir)}${STAGING}`;
  for (const entry of await readdir(dirname(outDir))) {
    if (entry.startsWith(prefix)) await rm(join(dirname(outDir), entry), { recursive: true, force: true });
  }
  const previous = `${outDir}.sloforge-previous`;
  if (!(await exists(previous))) return;
  if (await exists(outDir)) await rm(previous, { recursive: true, force: true });
  else await rename(previous, outDir);
}

async function ownedFiles(outDir: string): Promise<string[]> {
  const text = await readFile(join(outDir, MANIFEST), 'utf8').catch(() => undefined);
  if (text === undefined) return [];
  try {
    const files = (JSON.parse(text) as { files?: unknown }).files;
    return Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string' && !f.split('/').includes('..')) : [];
  } catch {
    return [];
  }
}

/** Hard-links (or copies) every file the generator does not own into the staging tree. */
async function carryOverForeignFiles(outDir: string, staging: string, owned: ReadonlySet<string>): Promise<void> {
  for (const entry of await readdir(outDir, { recursive: true })) {
    const relative = entry.split(sep).join('/');
    if (owned.has(relative) || relative === MANIFEST || (await stat(join(outDir, entry))).isDirectory()) continue;
    const target = join(staging, entry);
    await mkdirLike(staging, outDir, dirname(relative));
    await link(join(outDir, entry), target).catch(() => copyFile(join(outDir, entry), target));
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
