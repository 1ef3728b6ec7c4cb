/**
 * `sloforge import FILE... [--format ts|yaml] [--out FILE] [--strict]`: Sloth, Pyrra and
 * OpenSLO specs → one sloforge config, to --out or stdout; the losses and the differences
 * in alert behaviour to stderr. Exit 0 when every SLO came across (and, with --strict,
 * nothing at all was lost); 1 otherwise, and on bad input, when nothing is written.
 */
import { access, writeFile } from 'node:fs/promises';
import { ALERT_DIFFERENCES } from '../import/differences.ts';
import { importSpecs } from '../import/index.ts';
import { formatLoss, ImportError } from '../import/losses.ts';
import type { ImportFormat } from '../import/write.ts';

export interface ImportOptions {
  readonly files: readonly string[];
  readonly format: ImportFormat;
  readonly out?: string;
  readonly strict: boolean;
  readonly force: boolean;
}

type Output = Pick<NodeJS.WriteStream, 'write'>;

export async function runImport(options: ImportOptions, out: Output, err: Output): Promise<number> {
  let result;
  try {
    result = await importSpecs(options.files, options.format);
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    err.write(`sloforge import: ${error.message}\nNothing was written.\n`);
    return 1;
  }
  if (options.out !== undefined) {
    if (!options.force && (await access(options.out).then(() => true, () => false))) {
      err.write(`sloforge import: ${options.out} exists; nothing was written. Run with --force to replace it.\n`);
      return 1;
    }
    await writeFile(options.out, result.text);
  } else out.write(result.text);

  const report = [`sloforge import: ${result.imported} SLO${result.imported === 1 ? '' : 's'} imported${result.dropped > 0 ? `, ${result.dropped} not imported` : ''}${options.out ? ` into ${options.out}` : ''}.`];
  if (result.losses.length > 0) report.push('', `What did not come across (${result.losses.length}):`, ...result.losses.map((loss) => `  ${formatLoss(loss).replaceAll('\n', '\n    ')}`));
  for (const format of result.formats) report.push('', `How the alerts differ from ${format === 'sloth' ? 'Sloth' : format === 'pyrra' ? 'Pyrra' : 'OpenSLO'}'s:`, ...ALERT_DIFFERENCES[format === 'sloth-crd' ? 'sloth' : format].map((line) => `  - ${line}`));
  err.write(`${report.join('\n')}\n`);
  if (result.dropped > 0) return 1;
  return options.strict && result.losses.length > 0 ? 1 : 0;
}
