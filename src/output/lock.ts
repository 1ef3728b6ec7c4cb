/**
 * One writer per output directory: an exclusive flock(2) on the directory itself. The
 * kernel drops it when its holder dies, however it dies, so a lock is never stale and no
 * process id is ever guessed at (in a container the last writer was pid 1, and so is
 * this one). Node cannot flock; perl can, and holds the lock for as long as its stdin, a
 * pipe from this process, stays open. The directory is locked, not a file beside it: it
 * is there for a mount point and a read-only parent alike.
 */
import { spawn } from 'node:child_process';

const LOCKED = 0;
const NOT_A_DIRECTORY = 2;
const BUSY = 3;
/** The name was swapped to another tree between open and flock: the lock guards nothing. */
const MOVED = 4;

const SCRIPT = `
use Fcntl qw(:flock O_RDONLY);
sysopen(my $dir, $ARGV[0], O_RDONLY) or exit ${NOT_A_DIRECTORY};
flock($dir, LOCK_EX | LOCK_NB) or exit ${BUSY};
my @held = stat($dir);
my @named = stat($ARGV[0]);
exit ${MOVED} unless @named && $held[0] == $named[0] && $held[1] == $named[1];
$| = 1;
print "locked\\n";
1 while sysread(STDIN, my $ignored, 64);
`;

export interface DirectoryLock {
  release(): Promise<void>;
}

/** Locks `dir` (which must exist) or throws, naming the directory and why. */
export async function lockDirectory(dir: string, shownAs: string): Promise<DirectoryLock> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const outcome = await tryLock(dir);
    if (typeof outcome !== 'number') return outcome;
    if (outcome === BUSY) throw new Error(`another sloforge is writing ${shownAs}; wait for it to finish`);
    if (outcome === NOT_A_DIRECTORY) throw new Error(`cannot open ${shownAs} to lock it: it is not a directory this user can read`);
  }
  throw new Error(`cannot lock ${shownAs}: another sloforge keeps replacing it`);
}

function tryLock(dir: string): Promise<DirectoryLock | number> {
  return new Promise((resolve, reject) => {
    // perl warns on stderr about a locale it lacks (LANG=da_DK.UTF-8 without its data): none is needed.
    const helper = spawn('perl', ['-e', SCRIPT, dir], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, LC_ALL: 'C' } });
    const exited = new Promise<void>((done) => helper.on('exit', () => done()));
    let output = '';
    helper.stdout.setEncoding('utf8');
    helper.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (output === 'locked\n') resolve({ release: () => (helper.stdin.end(), exited) });
    });
    helper.on('error', (error) => reject(new Error(`sloforge locks the output directory with perl, which could not be started: ${error.message}`)));
    helper.on('exit', (code, signal) => {
      if (output === 'locked\n') return;
      if (code !== null && code !== LOCKED) resolve(code);
      else reject(new Error(`the perl process that locks ${dir} ended unexpectedly (${code ?? signal})`));
    });
  });
}
