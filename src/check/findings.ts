/** What the live check reports, and how it is written out. */
export interface Finding {
  /** Config path of the value the finding is about. */
  readonly path: string;
  /** An error makes `sloforge check` exit 1; a note is something it could not confirm. */
  readonly level: 'error' | 'note';
  readonly message: string;
  readonly fix: string;
}

export interface CheckReport {
  readonly prometheus: { readonly url: string; readonly version: string };
  /** Series are looked for over this window, as written (`1h`). */
  readonly lookback: string;
  readonly findings: readonly Finding[];
}

export function errorCount(report: CheckReport): number {
  return report.findings.filter((f) => f.level === 'error').length;
}

export function formatText(report: CheckReport): string {
  const errors = errorCount(report);
  const notes = report.findings.length - errors;
  const counts = [plural(errors, 'problem'), ...(notes ? [plural(notes, 'note')] : [])].join(', ');
  const head = `${report.prometheus.url} (Prometheus ${report.prometheus.version}), series of the last ${report.lookback}: ${counts}\n`;
  return head + report.findings.map((f) => `  ${f.level === 'note' ? 'note: ' : ''}${f.path}: ${f.message}\n    fix: ${f.fix}\n`).join('');
}

export function formatJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
