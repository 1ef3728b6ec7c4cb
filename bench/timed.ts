/** A command under GNU time: the CPU time of its whole process tree, as the bench reads it. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const TIME = '/usr/bin/time';

/** `what`: the part that needs the CPU time, named in the error when GNU time is missing. */
export function requireGnuTime(what: string): void {
  if (!existsSync(TIME)) throw new Error(`bench ${what}: ${TIME} (GNU time) is needed to read CPU time; install the Debian package "time"`);
}

/** Its CPU seconds (user + system, children included), wall seconds, peak RSS (of its largest process), exit code and output. */
export async function timed(argv: readonly string[], cwd: string): Promise<{ cpu: number; wall: number; rssKb: number; code: number; output: string }> {
  const started = performance.now();
  const child = spawn(TIME, ['-f', '\n%U %S %M', ...argv], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  const [user, system, rssKb] = output.trim().split('\n').pop()!.split(' ').map(Number);
  if (!Number.isFinite(user) || !Number.isFinite(system) || !Number.isFinite(rssKb)) throw new Error(`bench: no CPU time and RSS from GNU time for ${argv.join(' ')}: ${output.slice(-300)}`);
  return { cpu: user! + system!, wall: (performance.now() - started) / 1000, rssKb: rssKb!, code, output };
}
