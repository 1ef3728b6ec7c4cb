/**
 * Recorded series as OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`.
 * A series recorded less often than the replay's grid is written again at every grid step
 * until its next evaluation, so an instant read sees what Prometheus would: the last
 * evaluation's value, or nothing after an evaluation that returned nothing (where
 * Prometheus writes a staleness marker, which OpenMetrics cannot express).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Labels } from '../prometheus-api/client.ts';

export interface RecordedSeries {
  readonly name: string;
  readonly labels: Labels;
  /** Seconds between the evaluations that wrote it. */
  readonly interval: number;
  /** Whether a rule reads it as a plain range (`name[1h]`): then only its real samples are written. */
  readonly repeat: boolean;
  readonly values: ReadonlyMap<number, number>;
}

export async function writeOpenMetrics(file: string, series: readonly RecordedSeries[], grid: number): Promise<number> {
  const out = createWriteStream(file);
  let samples = 0;
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const byName = new Map<string, RecordedSeries[]>();
  for (const s of series) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  for (const [name, family] of [...byName].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await write(`# TYPE ${name} gauge\n`);
    for (const s of family) {
      const head = `${name}{${Object.keys(s.labels)
        .sort()
        .map((k) => `${k}="${escapeLabel(s.labels[k]!)}"`)
        .join(',')}}`;
      const lines: string[] = [];
      for (const [t, value] of [...s.values].sort(([a], [b]) => a - b)) {
        const copies = s.repeat ? Math.max(1, Math.round(s.interval / grid)) : 1;
        for (let i = 0; i < copies; i++) lines.push(`${head} ${formatValue(value)} ${t + i * grid}\n`);
      }
      samples += lines.length;
      for (let i = 0; i < lines.length; i += 1000) await write(lines.slice(i, i + 1000).join(''));
    }
  }
  await write('# EOF\n');
  out.end();
  await once(out, 'close');
  return samples;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
