/**
 * The backfilled history the rule-cost and accuracy runs read: the raw counters of
 * bench/traffic.ts over `days`, and the recorded series that rules read over windows —
 * sloforge's per-minute increases and what is built on them, Sloth's 5m ratio —
 * computed by the real Prometheus from those counters with the rules' own expressions
 * (query_range at each group's interval), then written as gauges beside the counters.
 * Everything goes into one OpenMetrics file and one `promtool tsdb create-blocks-from
 * openmetrics` run, so the measured Prometheus opens non-overlapping blocks and starts
 * no compaction.
 *
 * Steps: raw.om → stage1 blocks → for each stage of RECORDED, a Prometheus on them
 * evaluates its rules and they are backfilled into stage1 for the next → raw + recorded
 * → the final blocks.
 */
import { createWriteStream } from 'node:fs';
import { appendFile, mkdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promtool } from '../test/support/promtool.ts';
import { allSeries, expectedPerMinute, generator, isError, METRIC, STEP_SECONDS } from './traffic.ts';
import { startPrometheus, type Prometheus } from './prometheus.ts';
import { findRule, type RuleSet } from './rule-sets.ts';

export interface Dataset {
  readonly dataDir: string;
  /** Unix seconds of the first and the last sample. */
  readonly start: number;
  readonly end: number;
  readonly rawSamples: number;
  readonly recordedSamples: number;
  /** errors / total of the events in (from, to], from the generated counters. */
  exactRatio(from: number, to: number): number;
}

const EOF = '# EOF\n';
/**
 * The recorded series, in stages: each stage's rules read the raw counters and the
 * stages before it. Step: the interval of the rule's group (1m, or 5m for sloforge's
 * hourly tiles); `after`: seconds from the start before the first complete value.
 */
const RECORDED: readonly { set: string; record: string; step: number; after: number }[][] = [
  [
    { set: 'sloforge', record: 'slo:sli_total:increase1m', step: 60, after: 120 },
    { set: 'sloforge', record: 'slo:sli_errors:increase1m', step: 60, after: 120 },
    { set: 'Sloth', record: 'slo:sli_error:ratio_rate5m', step: 60, after: 300 },
  ],
  [
    { set: 'sloforge', record: 'slo:sli_errors:increase1m_hour_parity', step: 60, after: 120 },
    { set: 'sloforge', record: 'slo:sli_total:increase1m_hour_parity', step: 60, after: 120 },
    { set: 'sloforge', record: 'slo:sli_errors:rate5m', step: 60, after: 420 },
    { set: 'sloforge', record: 'slo:sli_total:rate5m', step: 60, after: 420 },
  ],
  [
    { set: 'sloforge', record: 'slo:sli_errors:increase_since_last_hour', step: 60, after: 120 },
    { set: 'sloforge', record: 'slo:sli_total:increase_since_last_hour', step: 60, after: 120 },
    { set: 'sloforge', record: 'slo:sli_errors:increase_last_hour', step: 300, after: 120 },
    { set: 'sloforge', record: 'slo:sli_total:increase_last_hour', step: 300, after: 120 },
  ],
];

export async function buildDataset(work: string, days: number, end: number, burnEnd: number, sets: readonly RuleSet[], log: (line: string) => void): Promise<Dataset> {
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const start = end - days * 86400;
  const steps = (end - start) / STEP_SECONDS;
  const errors = new Float64Array(steps + 1);
  const total = new Float64Array(steps + 1);

  let t0 = performance.now();
  const raw = join(work, 'raw.om');
  const rawSamples = await writeCounters(raw, start, steps, burnEnd, errors, total);
  log(`history: ${rawSamples.toLocaleString('en-US')} raw samples written in ${secondsSince(t0)}`);

  t0 = performance.now();
  const stage1 = join(work, 'stage1');
  await backfill(raw, stage1);
  log(`history: raw counters backfilled in ${secondsSince(t0)}`);

  t0 = performance.now();
  const config = join(work, 'prep.yml');
  await writeFile(config, 'global: {}\n');
  const set = (name: string) => sets.find((s) => s.name === name)!;
  let recorded = '';
  for (const [index, stage] of RECORDED.entries()) {
    const prometheus = await startPrometheus(config, stage1);
    let text = '';
    try {
      for (const r of stage) text += await evaluate(prometheus, [{ record: r.record, rule: findRule(set(r.set), r.record) }], Math.ceil((start + r.after) / r.step) * r.step, end, r.step);
    } finally {
      await prometheus.stop();
    }
    recorded += text;
    if (index < RECORDED.length - 1) {
      const file = join(work, `recorded-${index + 1}.om`);
      await writeFile(file, text + EOF);
      await backfill(file, stage1);
    }
  }
  log(`history: recorded series evaluated by Prometheus in ${secondsSince(t0)}`);

  t0 = performance.now();
  // raw.om ends with "# EOF\n": cut it, add the recorded families, end the file again.
  await truncate(raw, (await stat(raw)).size - EOF.length);
  await appendFile(raw, recorded + EOF);
  const dataDir = join(work, 'data');
  await backfill(raw, dataDir);
  await rm(stage1, { recursive: true, force: true });
  await rm(raw, { force: true });
  log(`history: final blocks written in ${secondsSince(t0)}`);

  const recordedSamples = recorded.split('\n').filter((l) => l && !l.startsWith('#')).length;
  const prefix = (values: Float64Array) => {
    const sums = new Float64Array(values.length);
    let sum = 0;
    values.forEach((v, i) => (sums[i] = sum += v));
    return sums;
  };
  const errorSums = prefix(errors);
  const totalSums = prefix(total);
  const index = (t: number) => Math.max(0, Math.min(steps, Math.floor((t - start) / STEP_SECONDS)));
  return {
    dataDir,
    start,
    end,
    rawSamples,
    recordedSamples,
    exactRatio: (from, to) => (errorSums[index(to)]! - errorSums[index(from)]!) / (totalSums[index(to)]! - totalSums[index(from)]!),
  };
}

/** The counters, a family of 1,000 series, each series' samples in time order; per-step increments summed into errors and total. */
async function writeCounters(file: string, start: number, steps: number, burnEnd: number, errors: Float64Array, total: Float64Array): Promise<number> {
  const out = createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write(`# HELP ${METRIC} Synthetic requests.\n# TYPE ${METRIC} counter\n`);
  const random = generator(42);
  let samples = 0;
  const series = allSeries();
  for (const [index, s] of series.entries()) {
    const error = isError(s.code);
    const name = `${METRIC}${s.labels} `;
    let value = 0;
    let chunk = '';
    for (let k = 0; k <= steps; k++) {
      const t = start + k * STEP_SECONDS;
      if (k > 0) {
        const increment = Math.floor(expectedPerMinute(s, index, t, burnEnd) + random());
        value += increment;
        total[k]! += increment;
        if (error) errors[k]! += increment;
      }
      chunk += `${name}${value} ${t}\n`;
      if (chunk.length > 1 << 20) {
        await write(chunk);
        chunk = '';
      }
    }
    samples += steps + 1;
    await write(chunk);
  }
  await write(EOF);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return samples;
}

/** One gauge family per rule, its samples from query_range at `step`, with the rule's labels. */
async function evaluate(prometheus: Prometheus, rules: readonly { record: string; rule: { expr: string; labels?: Record<string, string> } }[], from: number, to: number, step: number): Promise<string> {
  let text = '';
  for (const { record, rule } of rules) {
    text += `# TYPE ${record} gauge\n`;
    const points = new Map<string, [number, string][]>();
    const span = 10_000 * step;
    for (let a = from; a <= to; a += span) {
      for (const series of await prometheus.queryRange(rule.expr, a, Math.min(to, a + span - step), step)) {
        const labels = { ...series.metric, ...(rule.labels ?? {}) };
        delete labels.__name__;
        const key = `{${Object.entries(labels).map(([n, v]) => `${n}=${JSON.stringify(v)}`).join(',')}}`;
        points.set(key, [...(points.get(key) ?? []), ...series.values]);
      }
    }
    for (const [key, values] of points) text += values.map(([t, v]) => `${record}${key} ${v} ${t}\n`).join('');
  }
  return text;
}

export async function backfill(file: string, dir: string): Promise<void> {
  // 1458h is promtool's largest block range under 10 weeks: 35 days take one or two blocks, one pass each.
  const run = await promtool(['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=1458h', file, dir]);
  if (run.code !== 0) throw new Error(`promtool tsdb create-blocks-from openmetrics ${file}:\n${run.output.slice(-3000)}`);
}

export function secondsSince(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}
