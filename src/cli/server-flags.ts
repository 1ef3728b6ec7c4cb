/** The flags of every command that asks a live Prometheus (check, report): where it is, how long to wait, which credentials file. */
import type { Argv } from 'yargs';
import { parseDuration } from '../model/duration.ts';
import { prometheusClient, type PrometheusClient } from '../prometheus-api/client.ts';

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
