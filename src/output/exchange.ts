/**
 * Swaps two directories in one step, so a process killed at any moment leaves each
 * name holding a whole tree. Linux does this with renameat2(RENAME_EXCHANGE), which
 * Node does not expose; perl's `syscall` reaches it, and perl-base is part of every
 * Debian and Ubuntu system. Where that is not available (another OS or architecture,
 * a file system without the flag) the caller falls back to two renames.
 */
import { execFile } from 'node:child_process';

const RENAMEAT2: Partial<Record<string, number>> = { x64: 316, arm64: 276 };
/** renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE), the syscall's number first. */
const SCRIPT = 'exit(syscall($ARGV[0], -100, $ARGV[1], -100, $ARGV[2], 2) == 0 ? 0 : 1)';

/** True when `a` and `b` were exchanged; false when this system cannot, and neither moved. */
export function exchangeDirectories(a: string, b: string): Promise<boolean> {
  const syscall = RENAMEAT2[process.arch];
  if (process.platform !== 'linux' || syscall === undefined) return Promise.resolve(false);
  return new Promise((resolve) => execFile('perl', ['-e', SCRIPT, String(syscall), a, b], (error) => resolve(error === null)));
}
