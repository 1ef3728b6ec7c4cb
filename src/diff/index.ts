/** `sloforge diff`: the alerting meaning of two generated trees, compared. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareTrees, type Change } from './compare.ts';
import { EMPTY_TREE, readTree } from './state.ts';
import { extractAtRevision } from './git.ts';

export { formatReport, lessSensitiveReasons, type Format } from './format.ts';
export type { Change } from './compare.ts';

export interface DiffReport {
  /** What the reader must know before the changes, such as a base without a generated tree. */
  readonly notes: readonly string[];
  readonly changes: readonly Change[];
}

export async function diffDirectories(oldDir: string, newDir: string): Promise<Change[]> {
  return compareTrees(await readTree(oldDir), await readTree(newDir));
}

/** The tree committed at `revision` against `newDir`; with nothing committed there, everything is new. */
export async function diffAgainstRevision(revision: string, committedDir: string, newDir: string): Promise<DiffReport> {
  const work = await mkdtemp(join(tmpdir(), 'sloforge-diff-'));
  try {
    const extracted = await extractAtRevision(revision, committedDir, work);
    if (!extracted.found) {
      const note = `${revision} has no ${extracted.prefix}/: this change introduces it, so everything in it is new.`;
      return { notes: [note], changes: compareTrees(EMPTY_TREE, await readTree(newDir)) };
    }
    return { notes: [], changes: await diffDirectories(work, newDir) };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
