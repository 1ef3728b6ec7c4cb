/**
 * sloforge commands run by one long-lived CLI process (cli-process.mjs) instead of a process
 * each: a start of the CLI is about 0.2 CPU-s, and the bad-input corpus runs some 150 of
 * them. Each command still runs in a real process, from the built bundle, in its own working
 * directory, with what it writes to stdout and stderr captured. Not for configs that are
 * programs: those can end or stall the process they load in, which is what their tests prove
 * sloforge survives, so each of them gets a CLI process of its own (bin/sloforge.js).
 */
import { fork } from 'node:child_process';
import { resolve } from 'node:path';

export interface CliRun {
  /** The exit code; 'threw' where the command threw instead of returning one. */
  readonly code: number | 'threw';
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunner {
  run(cwd: string, ...args: string[]): Promise<CliRun>;
  stop(): void;
}

export function startCliRunner(): CliRunner {
  const child = fork(resolve(import.meta.dirname, 'cli-process.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { done: (run: CliRun) => void; fail: (error: Error) => void }>();
  let next = 0;
  child.on('message', ({ id, ...run }: CliRun & { id: number }) => {
    pending.get(id)?.done(run);
    pending.delete(id);
  });
  child.on('exit', (code, signal) => {
    for (const { fail } of pending.values()) fail(new Error(`the CLI process ended (${signal ?? code}) with commands still running`));
    pending.clear();
  });
  return {
    run: (cwd, ...args) =>
      new Promise((done, fail) => {
        const id = next++;
        pending.set(id, { done, fail });
        child.send({ id, cwd, args });
      }),
    stop: () => void child.kill(),
  };
}
