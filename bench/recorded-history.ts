/**
 * A backfilled history for the rule-cost runs of any rule sets (the scale and
 * multi-cluster parts): base series written by the caller (raw counters, or an edge's
 * recorded gauges), and the recorded series the sets' rules read over a range — with
 * whatever those rules read in turn — computed by the real Prometheus from the base with
 * the rules' own expressions at their group's interval, then backfilled beside the base.
 * Which series those are is read from the rules, not listed, so a change of the generated
 * rules changes the history with them.
 *
 * Recorded series that rules read only at an instant (burn rates, fallbacks, metadata)
 * are computed for the last minutes only, where the measured rules read them, if their
 * own rules read recorded series alone; those that scan raw series (Sloth's windows, read
 * by its alerts) are not backfilled, and the rules reading them read nothing there.
 *
 * Steps as in history.ts: base.om → stage blocks → per stage, a Prometheus on them
 * evaluates the stage's rules, backfilled for the next → base + every stage → the final
 * blocks (one pass, so the measured Prometheus opens non-overlapping blocks and starts no
 * compaction). Everything streams through files: 10,000 series over days do not fit in a string.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm, stat, truncate, writeFile as writeText } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseDuration } from '../src/model/duration.ts';
import { backfill, secondsSince } from './history.ts';
import { startPrometheus, type Prometheus } from './prometheus.ts';
import type { Rule, RuleSet } from './rule-sets.ts';
import { readExpression, type Read } from '../src/backtest/rule-graph.ts';

export type Write = (text: string) => Promise<void>;

export interface HistoryPlan {
  readonly work: string;
  /** Unix seconds of the first and the last sample. */
  readonly start: number;
  readonly end: number;
  readonly sets: readonly RuleSet[];
  /** Writes the base families (without `# EOF`) and returns their samples. */
  readonly writeBase: (write: Write) => Promise<number>;
  readonly log: (line: string) => void;
}

export interface History {
  readonly dataDir: string;
  readonly baseSamples: number;
  readonly recordedSamples: number;
  /** The recorded series backfilled, by stage; `tail`: only for the last minutes, by every set that records it. */
  readonly stages: readonly (readonly { record: string; step: number; tail: boolean }[])[];
}

interface Recording {
  readonly record: string;
  /** `tail`: read only at an instant, so computed for the last minutes of the history only. */
  readonly rules: readonly { readonly rule: Rule; readonly tail: boolean }[];
  readonly step: number;
}

const EOF = '# EOF\n';
/** Seconds after the start before a recorded series' first value: its inputs' first few minutes. */
const LEAD = 300;
/** Seconds before the build starts from which the series read only at an instant are computed. */
const TAIL_BEFORE_NOW = 600;
/** query_range steps per request: 1,000 grouped series × 720 points stay a few tens of MB of JSON. */
const STEPS_PER_QUERY = 720;

export async function buildHistory(plan: HistoryPlan): Promise<History> {
  const { work, start, end, log } = plan;
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });

  let t0 = performance.now();
  const base = join(work, 'base.om');
  const baseSamples = await writeFile(base, async (write) => plan.writeBase(write));
  log(`history: ${baseSamples.toLocaleString('en-US')} base samples written in ${secondsSince(t0)}`);

  t0 = performance.now();
  const staged = join(work, 'stages');
  await backfill(base, staged);
  log(`history: base backfilled in ${secondsSince(t0)}`);

  const stages = backfillStages(plan.sets);
  // The measured rules run from now on: instant reads look back 5m at most.
  const tailFrom = Math.floor(Date.now() / 1000) - TAIL_BEFORE_NOW;
  const config = join(work, 'prep.yml');
  await writeText(config, 'global: {}\n');
  const stageFiles: string[] = [];
  let recordedSamples = 0;
  for (const [index, stage] of stages.entries()) {
    t0 = performance.now();
    const file = join(work, `stage-${index + 1}.om`);
    const timings: string[] = [];
    const prometheus = await startPrometheus(config, staged);
    let samples: number;
    try {
      samples = await writeFile(file, async (write) => {
        let n = 0;
        for (const recording of stage) {
          const t = performance.now();
          n += await evaluate(prometheus, recording, start, tailFrom, end, write);
          timings.push(`${recording.record} ${secondsSince(t)}`);
        }
        return n;
      });
    } finally {
      await prometheus.stop();
    }
    recordedSamples += samples;
    stageFiles.push(file);
    if (index < stages.length - 1) await backfill(file, staged);
    log(`history: stage ${index + 1}/${stages.length}: ${samples.toLocaleString('en-US')} samples in ${secondsSince(t0)} (${timings.join(', ')})`);
  }

  t0 = performance.now();
  await rm(staged, { recursive: true, force: true });
  // base.om ends with "# EOF\n": cut it, add the stages' families (each ends with one too), end the file again.
  await truncate(base, (await stat(base)).size - EOF.length);
  for (const file of stageFiles) {
    await truncate(file, (await stat(file)).size - EOF.length);
    await pipeline(createReadStream(file), createWriteStream(base, { flags: 'a' }));
    await rm(file, { force: true });
  }
  await pipeline(async function* () { yield EOF; }, createWriteStream(base, { flags: 'a' }));
  const dataDir = join(work, 'data');
  await backfill(base, dataDir);
  await rm(base, { force: true });
  log(`history: final blocks written in ${secondsSince(t0)}`);
  return { dataDir, baseSamples, recordedSamples, stages: stages.map((s) => s.map(({ record, step, rules }) => ({ record, step, tail: rules.every((r) => r.tail) }))) };
}

/**
 * The recorded series to backfill, in stages: every series some rule of a set reads over
 * a range (`name{…}[…]`, subqueries' inner selectors included), then whatever that set's
 * rules recording them read; a series comes in the stage after the last of the backfilled
 * series it reads. Set by set (the same name can mean different rules in two sets), one
 * family per name: the latest stage any set puts it in, with the rules of the sets that want it.
 */
function backfillStages(sets: readonly RuleSet[]): Recording[][] {
  const merged = new Map<string, { rules: { rule: Rule; tail: boolean }[]; step: number; stage: number }>();
  for (const set of sets) {
    const byRecord = new Map<string, { rules: Rule[]; step: number }>();
    for (const group of set.groups) {
      for (const rule of group.rules) {
        if (!rule.record) continue;
        const entry = byRecord.get(rule.record) ?? { rules: [], step: parseDuration(group.interval ?? '1m')! };
        entry.rules.push(rule);
        byRecord.set(rule.record, entry);
      }
    }
    const allRules = set.groups.flatMap((g) => g.rules);
    const wanted = new Set([...byRecord.keys()].filter((name) => allRules.some((r) => reads(r.expr, name) === 'range')));
    const readsOf = (name: string) => [...byRecord.keys()].filter((other) => other !== name && byRecord.get(name)!.rules.some((r) => reads(r.expr, other) !== undefined));
    for (let grew = true; grew; ) {
      grew = false;
      for (const name of [...wanted]) for (const other of readsOf(name)) if (!wanted.has(other)) (wanted.add(other), (grew = true));
    }
    // Read at an instant only, from recorded series alone (burn rates, the windows' parts, metadata): cheap at the
    // end of the history, where the measured rules read them. Instant reads of raw scans (Sloth's windows) stay out.
    const fromRecorded = (name: string) => byRecord.get(name)!.rules.every((r) => selectors(r.expr).every((n) => byRecord.has(n)));
    const tail = new Set([...byRecord.keys()].filter((name) => !wanted.has(name) && fromRecorded(name) && allRules.some((r) => reads(r.expr, name) !== undefined)));
    const stageOf = new Map<string, number>();
    const stage = (name: string, path: readonly string[] = []): number => {
      if (path.includes(name)) throw new Error(`bench: ${set.name}: recorded series read in a cycle: ${[...path, name].join(' → ')}`);
      if (!stageOf.has(name)) stageOf.set(name, Math.max(-1, ...readsOf(name).map((o) => stage(o, [...path, name]))) + 1);
      return stageOf.get(name)!;
    };
    for (const name of [...wanted, ...tail]) {
      const { rules, step } = byRecord.get(name)!;
      const entry = merged.get(name);
      if (entry && entry.step !== step) throw new Error(`bench: ${name} is recorded every ${entry.step}s in one set and every ${step}s in ${set.name}`);
      merged.set(name, { rules: [...(entry?.rules ?? []), ...rules.map((rule) => ({ rule, tail: tail.has(name) }))], step, stage: Math.max(entry?.stage ?? 0, stage(name)) });
    }
  }
  // A name moved to a later stage by one set moves what reads it in another after it.
  for (let moved = true, rounds = 0; moved; rounds++) {
    if (rounds > merged.size) throw new Error('bench: recorded series read in a cycle across the sets');
    moved = false;
    for (const [name, entry] of merged) {
      for (const [other, read] of merged) {
        if (other !== name && read.stage >= entry.stage && entry.rules.some(({ rule }) => reads(rule.expr, other) !== undefined)) (entry.stage = read.stage + 1), (moved = true);
      }
    }
  }
  const stages: Recording[][] = [];
  for (const [name, { rules, step, stage }] of [...merged.entries()].sort(([a], [b]) => a.localeCompare(b))) (stages[stage] ??= []).push({ record: name, rules, step });
  return stages.filter(Boolean);
}

/** The metric names `expr` selects. */
/** The stage planning asks of the same few expressions again and again: each is parsed once. */
function parsed(expr: string): Read {
  let read = readings.get(expr);
  if (read === undefined) readings.set(expr, (read = readExpression(expr)));
  return read;
}
const readings = new Map<string, Read>();

function selectors(expr: string): string[] {
  return [...parsed(expr).names];
}

/** How `expr` reads the series `name`: over a range (a range selector or a subquery), at an instant, or not at all. */
export function reads(expr: string, name: string): 'range' | 'instant' | undefined {
  const read = parsed(expr);
  if (read.overTimeNames.has(name)) return 'range';
  return read.names.has(name) ? 'instant' : undefined;
}

/** One gauge family: each rule's samples from query_range at the recording's step, with the rule's labels, each series in time order. */
async function evaluate(prometheus: Prometheus, recording: Recording, start: number, tailFrom: number, end: number, write: Write): Promise<number> {
  await write(`# TYPE ${recording.record} gauge\n`);
  const { step } = recording;
  let samples = 0;
  for (const { rule, tail } of recording.rules) {
    const from = Math.ceil((tail ? Math.max(start + LEAD, tailFrom) : start + LEAD) / step) * step;
    const points = new Map<string, string[]>();
    for (let a = from; a <= end; a += STEPS_PER_QUERY * step) {
      for (const series of await prometheus.queryRange(rule.expr, a, Math.min(end, a + (STEPS_PER_QUERY - 1) * step), step)) {
        const labels: Record<string, string> = { ...series.metric, ...(rule.labels ?? {}) };
        delete labels.__name__;
        const key = `${recording.record}{${Object.entries(labels).map(([n, v]) => `${n}=${JSON.stringify(v)}`).join(',')}} `;
        const lines = points.get(key) ?? [];
        for (const [t, v] of series.values) lines.push(`${v} ${t}\n`);
        points.set(key, lines);
      }
    }
    for (const [key, lines] of points) {
      samples += lines.length;
      for (let i = 0; i < lines.length; i += 4096) await write(lines.slice(i, i + 4096).map((l) => key + l).join(''));
    }
  }
  return samples;
}

/** Writes a file through `body` and ends it with `# EOF`; returns what `body` returns. */
async function writeFile(file: string, body: (write: Write) => Promise<number>): Promise<number> {
  const out: WriteStream = createWriteStream(file);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  const write: Write = (text) => (out.write(text) ? Promise.resolve() : Promise.race([new Promise<void>((resolve) => out.once('drain', () => resolve())), failed]));
  const n = await body(write);
  await write(EOF);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return n;
}
