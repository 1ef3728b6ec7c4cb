/** `sloforge backtest --prometheus URL --start T --end T | --range 30d`: when the config's alerts would have fired on the server's history. */
import { askingServer, connect, type ServerFlags } from './server-flags.ts';
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
  return askingServer('backtest', "No backtest was made: it needs the server's data for the whole range.", err, async () => {
    const step = options.step ?? model.prometheus.evaluationInterval.seconds;
    // The progress line is cleared before anything else is written, the result or a refusal.
    const result = await backtest(modelRuleGroups(model), await connect(options), { start: options.start, end: options.end, step, now: Date.now() / 1000, progress, timeoutMs: options.timeoutSeconds * 1000 }).finally(() => {
      if (progress) err.write('\r\x1b[K');
    });
    out.write(formatBacktest(result, options.format));
    return 0;
  }, [BacktestError]);
}
