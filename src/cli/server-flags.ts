/** The flags of every command that asks a live Prometheus (check, report, backtest): where it is, how long to wait, which credentials file; and how such a command says it got no answer. */
import type { Argv } from 'yargs';
import { parseDuration } from '../model/duration.ts';
import { PrometheusApiError, prometheusClient, type PrometheusClient } from '../prometheus-api/client.ts';

export interface ServerFlags {
  readonly prometheus: string;
  readonly timeoutSeconds: number;
  readonly bearerTokenFile: string | undefined;
  readonly basicAuthFile: string | undefined;
}

export function withServerOptions<T>(y: Argv<T>, defaultTimeout: string) {
  return y
    .option('prometheus', { type: 'string', demandOption: true, describe: 'URL of the Prometheus server, e.g. http://127.0.0.1:9090' })
    .option('timeout', { type: 'string', default: defaultTimeout, describe: 'per request (a duration)' })
    .option('bearer-token-file', { type: 'string', describe: 'file holding a bearer token for the server' })
    .option('basic-auth-file', { type: 'string', describe: 'file holding user:password for the server' });
}

/** The flags checked, or the usage error that says what is wrong with one. */
export function serverFlags(argv: { prometheus: string; timeout: string; bearerTokenFile?: string | undefined; basicAuthFile?: string | undefined }): ServerFlags | string {
  const timeoutSeconds = parseDuration(argv.timeout);
  if (!/^https?:\/\/[^/]/.test(argv.prometheus)) return `--prometheus must be an http:// or https:// URL, got "${argv.prometheus}"`;
  if (timeoutSeconds === undefined) return `--timeout must be a duration such as 30s or 2m, got "${argv.timeout}"`;
  return { prometheus: argv.prometheus, timeoutSeconds, bearerTokenFile: argv.bearerTokenFile, basicAuthFile: argv.basicAuthFile };
}

export function connect(flags: ServerFlags): Promise<PrometheusClient> {
  return prometheusClient({ url: flags.prometheus, bearerTokenFile: flags.bearerTokenFile, basicAuthFile: flags.basicAuthFile, timeoutMs: flags.timeoutSeconds * 1000 });
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Runs `work` against the server: the server's refusals (and the command's own kinds of
 * "no answer", `refusals`) become one line on stderr and exit 1, never a stack trace.
 */
export async function askingServer(command: string, nothingDone: string, err: Pick<NodeJS.WriteStream, 'write'>, work: () => Promise<number>, refusals: readonly ErrorClass[] = []): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof PrometheusApiError) && !refusals.some((kind) => error instanceof kind)) throw error;
    err.write(`sloforge ${command}: ${(error as Error).message}\n${nothingDone}\n`);
    return 1;
  }
}
