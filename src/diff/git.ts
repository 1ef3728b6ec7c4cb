/** The committed generated tree at a git revision, extracted to a directory to read like any other. */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * `absent` when the revision has nothing under the tree's path (the pull request that
 * introduces sloforge) or is the unborn HEAD of a repository without commits: every file
 * of the new tree is then new. A revision that does not exist is an error, never "absent",
 * so a mistyped or unfetched `--base` cannot pass as "everything is new".
 */
export interface Extracted {
  readonly found: boolean;
  /** The tree's path in the repository: `generated`. */
  readonly prefix: string;
}

export async function extractAtRevision(revision: string, treeDir: string, into: string): Promise<Extracted> {
  const top = await git(['rev-parse', '--show-toplevel'], dirname(resolve(treeDir))).catch(() => {
    throw new Error(`${treeDir} is not inside a git repository: compare two directories with --old DIR --new DIR`);
  });
  const prefix = relative(top, resolve(treeDir)).split('\\').join('/');
  if (!(await isCommit(revision, top))) {
    if (revision === 'HEAD' && !(await hasCommits(top))) return { found: false, prefix };
    throw new Error(`--base ${revision} is not a commit of ${top}${revision.includes('/') ? ' (in CI, fetch it: actions/checkout with fetch-depth: 0)' : ''}`);
  }
  const listed = await git(['ls-tree', '-r', '--name-only', revision, '--', prefix], top).catch((error: { stderr?: string }) => {
    throw new Error(`cannot read ${prefix}/ at ${revision}: ${error.stderr?.trim() ?? String(error)}`);
  });
  const paths = listed.split('\n').filter(Boolean);
  if (paths.length === 0) return { found: false, prefix };
  for (const path of paths) {
    const { stdout } = await run('git', ['show', `${revision}:${path}`], { cwd: top, maxBuffer: 64 * 1024 * 1024, encoding: 'buffer' });
    const target = join(into, path.slice(prefix.length + 1));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, stdout);
  }
  return { found: true, prefix };
}

async function git(args: string[], cwd: string): Promise<string> {
  return (await run('git', args, { cwd })).stdout.trim();
}

async function isCommit(revision: string, top: string): Promise<boolean> {
  return git(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], top).then(
    () => true,
    () => false,
  );
}

async function hasCommits(top: string): Promise<boolean> {
  return git(['rev-list', '-n', '1', '--all'], top).then(
    (out) => out !== '',
    () => false,
  );
}
