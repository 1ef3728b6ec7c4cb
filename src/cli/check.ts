/** `sloforge check --prometheus URL`: the config against what a live Prometheus has. */
import { checkAgainstPrometheus, checkNow } from '../check/live-check.ts';
import { errorCount, formatJson, formatText } from '../check/findings.ts';
import { askingServer, connect, type ServerFlags } from './server-flags.ts';
import { load } from '../generate.ts';

export interface CheckCommandOptions extends ServerFlags {
  readonly config: string;
  readonly lookbackSeconds: number;
  readonly format: 'text' | 'json';
}

type Output = Pick<NodeJS.WriteStream, 'write'>;

export async function runCheck(options: CheckCommandOptions, out: Output, err: Output): Promise<number> {
  const model = await load(options.config);
  return askingServer('check', "Nothing was checked: the check needs Prometheus' answers.", err, async () => {
    const report = await checkAgainstPrometheus(model, await connect(options), { lookbackSeconds: options.lookbackSeconds, now: checkNow() });
    out.write(options.format === 'json' ? formatJson(report) : formatText(report));
    return errorCount(report) > 0 ? 1 : 0;
  });
}
