/**
 * When the stack should stop: on SIGINT, SIGTERM or SIGHUP, and when the npm process
 * that started it (`npm run stack`, `npx sloforge stack`) is gone. npm runs a script
 * through `sh -c`, and dash does not exec the command: npm forwards a SIGTERM to that
 * shell only, the shell dies, and the stack is left running under init. So under npm
 * the stack also watches its parent, and takes a new parent as the signal.
 */

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const PARENT_POLL_MS = 250;

export interface StopRequest {
  /** Settles with what asked the stack to stop. */
  readonly requested: Promise<string>;
  readonly isRequested: () => boolean;
  /** Removes the handlers: signals act as by default again. */
  dispose(): void;
}

export function stopRequest(): StopRequest {
  let settled = false;
  let resolve: (reason: string) => void = () => {};
  const requested = new Promise<string>((done) => (resolve = done));
  const stop = (reason: string) => {
    if (settled) return;
    settled = true;
    resolve(reason);
  };
  const handlers = SIGNALS.map((signal) => [signal, () => stop(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  const parent = process.ppid;
  const watch = startedByNpm()
    ? setInterval(() => {
        if (process.ppid !== parent) stop('the npm process that started it ended');
      }, PARENT_POLL_MS)
    : undefined;
  watch?.unref();
  return {
    requested,
    isRequested: () => settled,
    dispose: () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      if (watch) clearInterval(watch);
    },
  };
}

function startedByNpm(): boolean {
  return process.env.npm_lifecycle_event !== undefined;
}
