/**
 * One sloforge CLI process that runs many commands, one at a time, each in the working
 * directory it is sent with: what `bin/sloforge.js` runs (the built bundle's `main`), its
 * standard output and error captured per command. Started by cli-runner.ts; commands come
 * and their results go over the IPC channel, so nothing the CLI writes can garble them.
 */
import { main } from '../../dist/cli-bundle/main.js';

let captured;
for (const name of ['stdout', 'stderr']) {
  const stream = process[name];
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    if (!captured) return write(chunk, ...rest);
    captured[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    rest.find((arg) => typeof arg === 'function')?.();
    return true;
  };
}

let queue = Promise.resolve();
process.on('message', ({ id, cwd, args }) => {
  queue = queue.then(async () => {
    captured = { stdout: '', stderr: '' };
    let code;
    try {
      process.chdir(cwd);
      code = await main(args);
    } catch (error) {
      // What the real CLI would print before dying of it: the test sees a trace, not exit 1.
      captured.stderr += `${error?.stack ?? error}\n`;
      code = 'threw';
    }
    const { stdout, stderr } = captured;
    captured = undefined;
    process.send({ id, code, stdout, stderr });
  });
});
