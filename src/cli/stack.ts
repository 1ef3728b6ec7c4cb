/** `sloforge stack`: the generated files on real servers, locally, to look at before committing. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OUTPUT } from '../model/conventions.ts';
import { startStack } from '../stack/servers.ts';

/** The ports the generated files expect: Prometheus', Alertmanager's and the blackbox exporter's defaults. */
const PORTS = { prometheus: 9090, alertmanager: 9093, blackbox: 9115 } as const;
const INSTALL = 'sudo apt-get install -y prometheus prometheus-alertmanager prometheus-blackbox-exporter';

type Output = Pick<NodeJS.WriteStream, 'write'>;

export async function runStack(outDir: string, out: Output, err: Output): Promise<number> {
  const generated = resolve(outDir);
  if (!existsSync(join(generated, OUTPUT.prometheusConfig))) {
    err.write(`${outDir}/${OUTPUT.prometheusConfig} does not exist: run \`sloforge generate\` first\n`);
    return 1;
  }
  let stack;
  try {
    stack = await startStack(generated, join(generated, '..', '.sloforge-stack'), PORTS, (line) => out.write(`${line}\n`));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    err.write(`${message}\n${message.includes('ENOENT') ? `Install the servers with:\n  ${INSTALL}\n` : ''}`);
    return 1;
  }
  out.write(`Open ${stack.urls.prometheus}/alerts and ${stack.urls.prometheus}/rules; Ctrl-C stops everything.\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await stack.stop();
  return 0;
}
