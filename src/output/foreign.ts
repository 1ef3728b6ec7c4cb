/**
 * A file at a generated path that sloforge did not write: not in the manifest, and not
 * already what sloforge would write there (so a first run into a directory holding the
 * same files adopts them). It is refused, every one named, unless `--force` says to
 * replace it; a directory or a device where a file goes is refused even then.
 */
import { lstatSync, readFileSync, statSync, type Stats } from 'node:fs';
import { MANIFEST } from './manifest.ts';

export interface ForeignEntry {
  readonly path: string;
  readonly what: string;
  /** `--force` may replace it. */
  readonly replaceable: boolean;
}

/**
 * What stands at `path` that writing `content` there would destroy, if anything; a plain
 * file the manifest lists is sloforge's own. Synchronous, as the writes it precedes.
 */
export function foreignEntry(path: string, shownAs: string, content: string, owned: boolean): ForeignEntry | undefined {
  const link = attempt(() => lstatSync(path));
  if (link instanceof Error) {
    if (link.code === 'ENOENT') return undefined;
    return { path: shownAs, what: link.code === 'ENOTDIR' ? 'below a file where sloforge needs a directory' : `unreadable (${link.code})`, replaceable: false };
  }
  const target = link.isSymbolicLink() ? attempt(() => statSync(path)) : link;
  if (target instanceof Error) return { path: shownAs, what: 'a dangling symlink', replaceable: true };
  if (target.isDirectory()) return { path: shownAs, what: 'a directory', replaceable: false };
  if (!target.isFile()) return { path: shownAs, what: 'not a regular file', replaceable: false };
  if ((owned && link.isFile()) || readFileSync(path, 'utf8') === content) return undefined;
  return { path: shownAs, what: link.isSymbolicLink() ? 'a symlink to a file with other content' : 'a file with other content', replaceable: true };
}

function attempt(read: () => Stats): Stats | NodeJS.ErrnoException {
  try {
    return read();
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
}

/** The refusal: every entry that stops the write, by the path the user gave. */
export class ForeignFilesError extends Error {
  constructor(outDir: string, entries: readonly ForeignEntry[]) {
    const advice = entries.every((entry) => entry.replaceable) ? 'move them away, or pass --force to replace them' : 'move them away';
    super(`refusing to overwrite what sloforge did not write in ${outDir} (${MANIFEST} does not list it), so nothing was written; ${advice}:\n${entries.map((entry) => `  ${entry.path}: ${entry.what}`).join('\n')}`);
  }
}

/** The foreign entries that stop a write: all of them, or with `--force` those it cannot replace. */
export function blocking(entries: readonly ForeignEntry[], force: boolean): readonly ForeignEntry[] {
  return force ? entries.filter((entry) => !entry.replaceable) : entries;
}
