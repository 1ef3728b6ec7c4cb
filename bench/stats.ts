/** Medians, spreads, ratios and the Markdown tables the bench prints. */

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

/** Of the finite values: a round that measured nothing (NaN) is left out, and counted out of `runs`. */
export function spread(measured: readonly number[]): Spread {
  const values = measured.filter(Number.isFinite);
  if (values.length === 0) return { median: NaN, min: NaN, max: NaN, runs: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: values.length };
}

/** `1.23 (1.10–1.40)`: the median and the range of the runs, in the unit `format` writes. */
export function showSpread(s: Spread, format: (n: number) => string): string {
  if (s.runs === 0) return 'n/a';
  if (s.runs === 1 || s.min === s.max) return format(s.median);
  return `${format(s.median)} (${format(s.min)}–${format(s.max)})`;
}

export const seconds = (n: number): string => (!Number.isFinite(n) ? 'n/a' : n >= 10 ? `${n.toFixed(1)} s` : n >= 1 ? `${n.toFixed(2)} s` : `${(n * 1000).toFixed(n >= 0.01 ? 0 : 1)} ms`);
export const megabytes = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;
export const ratio = (n: number): string => (Number.isFinite(n) ? (n >= 100 ? `${n.toFixed(0)}×` : n >= 10 ? `${n.toFixed(1)}×` : `${n.toFixed(n < 0.01 ? 4 : n < 0.1 ? 3 : 2)}×`) : 'n/a');
export const percent = (n: number, digits = 2): string => (Number.isFinite(n) ? `${(n * 100).toFixed(digits)}%` : 'n/a');
export const count = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function minutesText(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  return `${Math.floor(h / 24)}d${h % 24 ? `${h % 24}h` : ''}${m % 60 ? `${m % 60}m` : ''}`;
}
