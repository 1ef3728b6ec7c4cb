/** What a directory holds, read without following symlinks: a user's link is seen as a link. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface TreeEntry {
  /** Relative to the root, `/`-separated. */
  readonly path: string;
  readonly kind: 'directory' | 'file' | 'symlink' | 'other';
  /** For a directory: it holds nothing. */
  readonly empty: boolean;
}

/** Every entry under `root`, parents before their children; entries named in `skip` (at the top) left out. */
export async function listTree(root: string, skip: ReadonlySet<string>): Promise<TreeEntry[]> {
  const entries: TreeEntry[] = [];
  const visit = async (relative: string): Promise<boolean> => {
    const children = await readdir(join(root, relative), { withFileTypes: true });
    let held = 0;
    for (const child of children) {
      const path = relative === '' ? child.name : `${relative}/${child.name}`;
      if (relative === '' && skip.has(child.name)) continue;
      held++;
      if (child.isDirectory()) {
        const at = entries.push({ path, kind: 'directory', empty: false }) - 1;
        if (await visit(path)) entries[at] = { path, kind: 'directory', empty: true };
      } else {
        entries.push({ path, kind: child.isFile() ? 'file' : child.isSymbolicLink() ? 'symlink' : 'other', empty: false });
      }
    }
    return held === 0;
  };
  await visit('');
  return entries;
}
