/**
 * The staged tree gets the permissions writing in place would have given it: a directory
 * or file that replaces one keeps its mode and group (a 0755 checkout, a setgid 2775
 * directory shared with the `prometheus` group); a new one gets what `mkdir` or a plain
 * write gives under the user's umask.
 */
import { chmodSync, chownSync, statSync, type Stats } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Permission bits with setuid, setgid and sticky. */
const MODE_BITS = 0o7777;

/** Creates `relativeDir` under `stagingRoot`, each new level shaped like its namesake under `oldRoot`. */
export async function mkdirLike(stagingRoot: string, oldRoot: string, relativeDir: string): Promise<void> {
  const parts = relativeDir.split('/').filter((part) => part !== '' && part !== '.');
  const first = await mkdir(join(stagingRoot, ...parts), { recursive: true });
  if (first === undefined) return;
  for (let depth = 1; depth <= parts.length; depth++) {
    const made = join(stagingRoot, ...parts.slice(0, depth));
    if (made.length >= first.length) copyPermissions(join(oldRoot, ...parts.slice(0, depth)), made, 'directory');
  }
}

/**
 * Gives `path` the mode and group of `old` when `old` is the same kind of entry; otherwise
 * leaves the umask's. Synchronous: a few system calls per file, and 10,000 SLOs write
 * 5,000 files, each of whose awaits would wait its turn behind the compilers' work.
 */
export function copyPermissions(old: string, path: string, kind: 'directory' | 'file'): void {
  const before = statOrUndefined(old);
  if (!before || !isKind(before, kind)) return;
  const now = statSync(path);
  // chown clears setgid on some systems: group first, then the mode. A group the user is
  // not in cannot be given; the entry then keeps the user's, as a plain write would.
  if (now.gid !== before.gid) {
    try {
      chownSync(path, -1, before.gid);
    } catch {
      // the user's group stays
    }
  }
  if ((now.mode & MODE_BITS) !== (before.mode & MODE_BITS)) chmodSync(path, before.mode & MODE_BITS);
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function isKind(stats: Stats, kind: 'directory' | 'file'): boolean {
  return kind === 'directory' ? stats.isDirectory() : stats.isFile();
}
