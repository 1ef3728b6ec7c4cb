/** `sloforge backtest --prometheus URL --start T --end T | --range 30d`: when the config's alerts would have fired on the server's history. */
import { PrometheusApiError } from '../prometheus-api/client.ts';
import { connect, type ServerFlags } from './server-flags.ts';
import { load } from '../generate.ts';
import { backtest, BacktestError, formatBacktest, modelRuleGroups, type BacktestFormat } from '../backtest/index.ts';

export interface BacktestCommandOptions extends ServerFlags {
  readonly config: string;
  readonly start: number;
  readonly end: number;
  /** Seconds; undefined: the config's evaluation interval. */
  readonly step: number | undefined;
  readonly format: BacktestFormat;
}

type Output = Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };

export async function runBacktest(options: BacktestCommandOptions, out: Output, err: Output): Promise<number> {
  const model = await load(options.config);
  const progress = err.isTTY ? (line: string) => err.write(`\r\x1b[K${line}`) : undefined;
  try {
    const client = await connect(options);
    const step = options.step ?? model.prometheus.evaluationInterval.seconds;
    const result = await backtest(modelRuleGroups(model), client, { start: options.start, end: options.end, step, now: Date.now() / 1000, progress, timeoutMs: options.timeoutSeconds * 1000 });
    if (progress) err.write('\r\x1b[K');
    out.write(formatBacktest(result, options.format));
    return 0;
  } catch (error) {
    if (progress) err.write('\r\x1b[K');
    if (!(error instanceof PrometheusApiError) && !(error instanceof BacktestError)) throw error;
    err.write(`sloforge backtest: ${error.message}\nNo backtest was made: it needs the server's data for the whole range.\n`);
    return 1;
  }
}
