/** `sloforge diff`: the alerting meaning of two generated trees, compared. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareTrees, type Change } from './compare.ts';
import { readTree } from './state.ts';
import { extractAtRevision } from './git.ts';

export { formatReport, type Format } from './format.ts';
export type { Change } from './compare.ts';

export async function diffDirectories(oldDir: string, newDir: string): Promise<Change[]> {
  return compareTrees(await readTree(oldDir), await readTree(newDir));
}

/** The tree committed at `revision` against `newDir`. */
export async function diffAgainstRevision(revision: string, committedDir: string, newDir: string): Promise<Change[]> {
  const work = await mkdtemp(join(tmpdir(), 'sloforge-diff-'));
  try {
    await extractAtRevision(revision, committedDir, work);
    return await diffDirectories(work, newDir);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
