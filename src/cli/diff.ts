/** `sloforge diff`: the committed tree (or --old) against a fresh generation (or --new). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backtestTrees, diffAgainstRevision, diffDirectories, formatReport, lessSensitiveReasons, type DiffBacktest, type DiffReport, type Format } from '../diff/index.ts';
import { extractAtRevision } from '../diff/git.ts';
import { BacktestError } from '../backtest/index.ts';
import { PrometheusApiError } from '../prometheus-api/client.ts';
import { generate } from '../generate.ts';
import { connect, type ServerFlags } from './server-flags.ts';

export interface DiffOptions {
  readonly config: string;
  readonly out: string;
  readonly base: string;
  readonly old: string | undefined;
  readonly new: string | undefined;
  readonly format: Format;
  readonly failOn: 'less-sensitive' | undefined;
  /** With a server: both trees backtested over the last `range` of its data. */
  readonly backtest?: { readonly server: ServerFlags; readonly range: string };
}

type Output = Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };

export async function runDiff(options: DiffOptions, out: Output, err: Output): Promise<number> {
  const scratch = await mkdtemp(join(tmpdir(), 'sloforge-diff-new-'));
  try {
    let newDir = options.new;
    if (newDir === undefined) {
      newDir = join(scratch, 'generated');
      await generate({ config: options.config, out: newDir });
    }
    const compared: DiffReport = options.old !== undefined ? { notes: [], changes: await diffDirectories(options.old, newDir) } : await diffAgainstRevision(options.base, options.out, newDir);
    let report = compared;
    if (options.backtest) {
      const backtest = await backtestBoth(options, newDir, join(scratch, 'old'), err);
      if (typeof backtest === 'string') {
        err.write(`sloforge diff: ${backtest}\nNo report was made: the backtest needs the server's data for the whole range.\n`);
        return 1;
      }
      report = { ...compared, backtest };
    }
    out.write(formatReport(report, options.format, options.format === 'text' && out.isTTY === true && !process.env.NO_COLOR));
    if (options.failOn !== 'less-sensitive' || !report.changes.some((c) => c.sensitivity === 'less')) return 0;
    err.write(lessSensitiveReasons(report.changes));
    return 1;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The old tree (--old, or the one committed at --base) and the new one backtested; a message where the server cannot answer. */
async function backtestBoth(options: DiffOptions, newDir: string, extractTo: string, err: Output): Promise<DiffBacktest | string> {
  let oldDir = options.old;
  if (oldDir === undefined) oldDir = (await extractAtRevision(options.base, options.out, extractTo)).found ? extractTo : undefined;
  const progress = err.isTTY ? (line: string) => err.write(`\r\x1b[K${line}`) : undefined;
  try {
    const client = await connect(options.backtest!.server);
    return await backtestTrees(oldDir, newDir, client, { range: options.backtest!.range, now: Date.now() / 1000, progress, timeoutMs: options.backtest!.server.timeoutSeconds * 1000 });
  } catch (error) {
    if (error instanceof PrometheusApiError || error instanceof BacktestError) return error.message;
    throw error;
  } finally {
    if (progress) err.write('\r\x1b[K');
  }
}
