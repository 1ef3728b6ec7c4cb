/** `sloforge diff`: the alerting meaning of two generated trees, compared. */
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareTrees, type Change } from './compare.ts';
import { EMPTY_TREE, readTree } from './state.ts';
import { extractAtRevision } from './git.ts';

export { formatReport, lessSensitiveReasons, type Format } from './format.ts';
export type { Change } from './compare.ts';
export { backtestTrees, type DiffBacktest } from './backtest.ts';
import type { DiffBacktest } from './backtest.ts';

export interface DiffReport {
  /** What the reader must know before the changes, such as a base without a generated tree. */
  readonly notes: readonly string[];
  readonly changes: readonly Change[];
  /** With `--prometheus`: what the old and the new rules would have done on the server's history. */
  readonly backtest?: DiffBacktest;
}

/**
 * Two trees compared; where both hold a Kubernetes tree as well, its manifests are
 * compared too, so a change that reaches only the manifests is reported like any other.
 */
export async function diffDirectories(oldDir: string, newDir: string): Promise<Change[]> {
  const changes = compareTrees(await readTree(oldDir), await readTree(newDir));
  const [oldKubernetes, newKubernetes] = [join(oldDir, KUBERNETES_DIR), join(newDir, KUBERNETES_DIR)];
  if (!(await hasKubernetesTree(oldKubernetes)) || !(await hasKubernetesTree(newKubernetes))) return changes;
  const seen = new Set(changes.map((change) => JSON.stringify(change)));
  const manifestsOnly = compareTrees(await readTree(oldKubernetes), await readTree(newKubernetes)).filter((change) => !seen.has(JSON.stringify(change)));
  return [...changes, ...manifestsOnly.map((change) => ({ ...change, summary: `${change.summary} (in the Kubernetes manifests only)` }))];
}

const KUBERNETES_DIR = 'kubernetes';

async function hasKubernetesTree(dir: string): Promise<boolean> {
  return access(join(dir, 'kustomization.yaml')).then(
    () => true,
    () => false,
  );
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
