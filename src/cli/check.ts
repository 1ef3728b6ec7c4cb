/** `sloforge check --prometheus URL`: the config against what a live Prometheus has. */
import { checkAgainstPrometheus } from '../check/live-check.ts';
import { errorCount, formatJson, formatText } from '../check/findings.ts';
import { PrometheusApiError, prometheusClient } from '../prometheus-api/client.ts';
import { load } from '../generate.ts';

export interface CheckCommandOptions {
  readonly config: string;
  readonly prometheus: string;
  readonly lookbackSeconds: number;
  readonly timeoutSeconds: number;
  readonly format: 'text' | 'json';
  readonly bearerTokenFile: string | undefined;
  readonly basicAuthFile: string | undefined;
}

type Output = Pick<NodeJS.WriteStream, 'write'>;

export async function runCheck(options: CheckCommandOptions, out: Output, err: Output): Promise<number> {
  const model = await load(options.config);
  try {
    const client = await prometheusClient({
      url: options.prometheus,
      bearerTokenFile: options.bearerTokenFile,
      basicAuthFile: options.basicAuthFile,
      timeoutMs: options.timeoutSeconds * 1000,
    });
    const report = await checkAgainstPrometheus(model, client, { lookbackSeconds: options.lookbackSeconds, now: Math.floor(Date.now() / 1000) });
    out.write(options.format === 'json' ? formatJson(report) : formatText(report));
    return errorCount(report) > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof PrometheusApiError)) throw error;
    err.write(`sloforge check: ${error.message}\nNothing was checked: the check needs Prometheus' answers.\n`);
    return 1;
  }
}
