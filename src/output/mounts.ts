/**
 * Whether a directory or anything below it is a mount point (a Docker or Kubernetes
 * volume, a bind mount): such a directory cannot be renamed (EBUSY), nor can a tree
 * holding one be rebuilt elsewhere without losing the mount.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/** `dir` must be a real path (no symlinks), as mount tables list them. */
export async function holdsMountPoint(dir: string): Promise<boolean> {
  const table = await readFile('/proc/self/mountinfo', 'utf8').catch(() => undefined);
  // Without a mount table (not Linux), a mount shows as a change of device; bind mounts need the table.
  if (table === undefined) return (await stat(dir)).dev !== (await stat(dirname(dir))).dev;
  return table.split('\n').some((line) => {
    const mountPoint = line.split(' ')[4];
    if (mountPoint === undefined) return false;
    const path = unescapeMountPath(mountPoint);
    return path === dir || path.startsWith(`${dir}/`);
  });
}

/** The kernel writes a space, tab, newline or backslash in a path as a three-digit octal escape. */
function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
