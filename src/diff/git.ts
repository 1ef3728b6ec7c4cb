/** The committed generated tree at a git revision, extracted to a directory to read like any other. */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function extractAtRevision(revision: string, treeDir: string, into: string): Promise<void> {
  const top = (await run('git', ['rev-parse', '--show-toplevel'], { cwd: dirname(resolve(treeDir)) })).stdout.trim();
  const prefix = relative(top, resolve(treeDir)).split('\\').join('/');
  const listed = await run('git', ['ls-tree', '-r', '--name-only', revision, '--', prefix], { cwd: top }).catch((error: { stderr?: string }) => {
    throw new Error(`cannot read ${prefix}/ at ${revision}: ${error.stderr?.trim() ?? String(error)}`);
  });
  const paths = listed.stdout.split('\n').filter(Boolean);
  if (paths.length === 0) throw new Error(`nothing is committed under ${prefix}/ at ${revision}; generate and commit it first, or compare directories with --old`);
  for (const path of paths) {
    const { stdout } = await run('git', ['show', `${revision}:${path}`], { cwd: top, maxBuffer: 64 * 1024 * 1024, encoding: 'buffer' });
    const target = join(into, path.slice(prefix.length + 1));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, stdout);
  }
}
