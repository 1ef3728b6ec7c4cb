/** `sloforge diff`: the committed tree (or --old) against a fresh generation (or --new). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffAgainstRevision, diffDirectories, formatReport, lessSensitiveReasons, type DiffReport, type Format } from '../diff/index.ts';
import { generate } from '../generate.ts';

export interface DiffOptions {
  readonly config: string;
  readonly out: string;
  readonly base: string;
  readonly old: string | undefined;
  readonly new: string | undefined;
  readonly format: Format;
  readonly failOn: 'less-sensitive' | undefined;
}

type Output = Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };

export async function runDiff(options: DiffOptions, out: Output, err: Pick<NodeJS.WriteStream, 'write'>): Promise<number> {
  const scratch = await mkdtemp(join(tmpdir(), 'sloforge-diff-new-'));
  try {
    let newDir = options.new;
    if (newDir === undefined) {
      newDir = join(scratch, 'generated');
      await generate({ config: options.config, out: newDir });
    }
    const report: DiffReport = options.old !== undefined ? { notes: [], changes: await diffDirectories(options.old, newDir) } : await diffAgainstRevision(options.base, options.out, newDir);
    out.write(formatReport(report, options.format, options.format === 'text' && out.isTTY === true && !process.env.NO_COLOR));
    if (options.failOn !== 'less-sensitive' || !report.changes.some((c) => c.sensitivity === 'less')) return 0;
    err.write(lessSensitiveReasons(report.changes));
    return 1;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
