/**
 * The generated rule groups as a chain to replay: which recorded series each rule reads, at
 * which level it can be evaluated (1: raw series only; n: after every level below it), and
 * how much history before the range its answers need. Found by reading the expressions, so
 * any rule set `ruleGroups()` returns replays, whatever its rule names.
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import type { AlertingRule, RecordingRule, RuleGroup } from '../compile/prometheus/rule.ts';
import { parseDuration } from '../model/duration.ts';
import { inlineRecorded } from './inline.ts';

export interface ReplayRule {
  readonly group: string;
  /** Seconds between the group's evaluations. */
  readonly interval: number;
  readonly rule: RecordingRule | AlertingRule;
  /** Recorded metric names the expression reads. */
  readonly readsRecorded: ReadonlySet<string>;
  /** Whether it also reads series no rule records (the server's raw series). */
  readonly readsRaw: boolean;
  /** Recorded metric names it reads through a plain range selector (`name[5m]`, not a subquery). */
  readonly rangeReads: ReadonlySet<string>;
  /** 1 when it reads no recorded series; otherwise one more than the highest level it reads. */
  readonly level: number;
  /** Seconds of history before an evaluation that its answer depends on, through the whole chain below it. */
  readonly history: number;
}

export interface RuleChain {
  /** Recording rules the alerts depend on, by level (index 0 is level 1). */
  readonly recordingLevels: readonly (readonly ReplayRule[])[];
  readonly alerts: readonly ReplayRule[];
  /** Seconds to evaluate before the range so that every alert's answer at its start is whole: history and `for`. */
  readonly warmUp: number;
}

export interface Read {
  /** Metric names of the selectors. */
  readonly names: ReadonlySet<string>;
  /** Whether a selector names no metric (`{job="x"}`). */
  readonly unnamed: boolean;
  /** Read through a plain range selector (`name[5m]`). */
  readonly rangeNames: ReadonlySet<string>;
  /** Read over a span of time at all: a range selector, or inside a subquery. */
  readonly overTimeNames: ReadonlySet<string>;
  readonly lookback: number;
}

/** Reads the groups (in their order); fails naming the rule if the chain has a cycle. */
export function ruleChain(groups: readonly RuleGroup[], defaultInterval: number): RuleChain {
  const read = groups.flatMap((group) => {
    const interval = group.interval === undefined ? defaultInterval : parseDuration(group.interval)!;
    return group.rules.map((rule) => ({ group: group.name, interval, rule, read: readExpression(rule.expr) }));
  });
  const recordedBy = new Map<string, RecordingRule[]>();
  for (const { rule } of read) if ('record' in rule) recordedBy.set(rule.record, [...(recordedBy.get(rule.record) ?? []), rule]);
  const readsOnlyRaw = (rule: RecordingRule) => [...read.find((e) => e.rule === rule)!.read.names].every((n) => !recordedBy.has(n));
  const entries = read.map((entry) => {
    const recorded = [...entry.read.names].filter((n) => recordedBy.has(n));
    const raw = entry.read.unnamed || recorded.length < entry.read.names.size;
    if (recorded.length === 0 || !raw) return entry;
    const expr = inlineRecorded(entry.rule.expr, (metric) => recordedBy.get(metric), readsOnlyRaw);
    return expr === undefined ? entry : { ...entry, rule: { ...entry.rule, expr }, read: readExpression(expr) };
  });
  const producers = new Map<string, typeof entries>();
  for (const entry of entries) if ('record' in entry.rule) producers.set(entry.rule.record, [...(producers.get(entry.rule.record) ?? []), entry]);

  const done = new Map<(typeof entries)[number], ReplayRule>();
  const visiting = new Set<(typeof entries)[number]>();
  const resolve = (entry: (typeof entries)[number]): ReplayRule => {
    const known = done.get(entry);
    if (known) return known;
    if (visiting.has(entry)) throw new Error(`the rules cannot be replayed: ${name(entry.rule)} in group ${entry.group} depends on itself`);
    visiting.add(entry);
    const readsRecorded = new Set([...entry.read.names].filter((n) => producers.has(n)));
    const below = [...readsRecorded].flatMap((n) => producers.get(n)!.map(resolve));
    const replay: ReplayRule = {
      group: entry.group,
      interval: entry.interval,
      rule: entry.rule,
      readsRecorded,
      readsRaw: entry.read.unnamed || [...entry.read.names].some((n) => !producers.has(n)),
      rangeReads: new Set([...entry.read.rangeNames].filter((n) => producers.has(n))),
      level: 1 + Math.max(0, ...below.map((r) => r.level)),
      history: entry.read.lookback + Math.max(0, ...below.map((r) => r.history)),
    };
    visiting.delete(entry);
    done.set(entry, replay);
    return replay;
  };

  const alerts = entries.filter((e) => 'alert' in e.rule).map(resolve);
  const needed = new Set<ReplayRule>();
  const need = (rule: ReplayRule) => {
    for (const n of rule.readsRecorded) {
      for (const producer of producers.get(n)!.map(resolve)) {
        if (!needed.has(producer)) {
          needed.add(producer);
          need(producer);
        }
      }
    }
  };
  alerts.forEach(need);
  const recording = entries.map(resolve).filter((r) => needed.has(r));
  const levels = Math.max(0, ...recording.map((r) => r.level));
  const recordingLevels = Array.from({ length: levels }, (_, i) => recording.filter((r) => r.level === i + 1));
  const warmUp = Math.max(0, ...alerts.map((a) => a.history + forSeconds(a.rule) + a.interval));
  return { recordingLevels, alerts, warmUp };
}

export function name(rule: RecordingRule | AlertingRule): string {
  return 'record' in rule ? rule.record : rule.alert;
}

export function forSeconds(rule: RecordingRule | AlertingRule): number {
  return 'alert' in rule && rule.for !== undefined ? parseDuration(rule.for) ?? 0 : 0;
}

/**
 * Metric names of the selectors, those read as plain ranges or over time, and how far back
 * it reads: for each selector, the ranges, subquery ranges and offsets around it added up;
 * the largest.
 */
export function readExpression(expr: string): Read {
  const names = new Set<string>();
  const rangeNames = new Set<string>();
  const overTimeNames = new Set<string>();
  let unnamed = false;
  let lookback = 0;
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.name !== 'VectorSelector') return true;
      const metric = selectorName(expr, node.node);
      if (metric === undefined) unnamed = true;
      else {
        names.add(metric);
        const inRange = node.node.parent?.name === 'MatrixSelector';
        if (inRange) rangeNames.add(metric);
        if (inRange || insideSubquery(node.node)) overTimeNames.add(metric);
      }
      lookback = Math.max(lookback, reachBack(expr, node.node));
      return false;
    },
  });
  return { names, unnamed, rangeNames, overTimeNames, lookback };
}

function insideSubquery(selector: SyntaxNode): boolean {
  for (let at = selector.parent; at; at = at.parent) if (at.name === 'SubqueryExpr') return true;
  return false;
}

/** Seconds before an evaluation a selector's samples may lie: the durations of the ranges, subqueries and offsets it sits in. */
function reachBack(expr: string, selector: SyntaxNode): number {
  let seconds = 0;
  for (let at = selector.parent; at; at = at.parent) {
    if (at.name !== 'MatrixSelector' && at.name !== 'SubqueryExpr' && at.name !== 'OffsetExpr') continue;
    for (let child = at.firstChild; child; child = child.nextSibling) {
      if (child.name === 'DurationExpr' || child.name === 'OffsetDurationExpr') seconds += parseDuration(expr.slice(child.from, child.to)) ?? 0;
    }
  }
  return seconds;
}

function selectorName(expr: string, selector: SyntaxNode): string | undefined {
  const identifier = selector.getChild('Identifier');
  if (identifier) return expr.slice(identifier.from, identifier.to);
  const match = /__name__\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(expr.slice(selector.from, selector.to));
  return match ? (JSON.parse(`"${match[1]}"`) as string) : undefined;
}
