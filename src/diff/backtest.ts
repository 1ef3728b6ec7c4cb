/**
 * `sloforge diff --prometheus`: both trees' rules backtested over the same past range of a
 * server's data, so a reviewer reads what the change would have done: per changed alert,
 * how often and how long the old and the new rules would have fired, and per SLO the
 * error budget the range spent under each objective.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { AlertingRule, RuleGroup } from '../compile/prometheus/rule.ts';
import { LABEL, METRIC, OUTPUT } from '../model/conventions.ts';
import { parseDuration } from '../model/duration.ts';
import type { PrometheusClient } from '../prometheus-api/client.ts';
import { backtest, type Backtest } from '../backtest/index.ts';

export interface FiringTotals {
  readonly count: number;
  readonly seconds: number;
}

export interface AlertBacktest {
  /** `shop/requests ErrorBudgetBurn critical 1h/5m` */
  readonly subject: string;
  readonly severity: string | undefined;
  /** Absent where the alert did not exist. */
  readonly old?: FiringTotals;
  readonly new?: FiringTotals;
}

export interface SloBudget {
  readonly subject: string;
  /** Fractions of the error budget the range's errors spent: 0.5 for half. */
  readonly old?: number;
  readonly new?: number;
}

export interface DiffBacktest {
  /** As the user wrote it: `30d`. */
  readonly range: string;
  readonly start: number;
  readonly end: number;
  /** Changed alerts only. */
  readonly alerts: readonly AlertBacktest[];
  readonly slos: readonly SloBudget[];
}

export interface DiffBacktestOptions {
  readonly range: string;
  readonly now: number;
  readonly progress?: (line: string) => void;
  readonly timeoutMs?: number;
}

export async function backtestTrees(oldDir: string | undefined, newDir: string, server: PrometheusClient, options: DiffBacktestOptions): Promise<DiffBacktest> {
  const seconds = parseDuration(options.range)!;
  const end = Math.floor(options.now / 60) * 60;
  const start = end - seconds;
  const run = async (dir: string | undefined, side: string) => {
    if (dir === undefined) return undefined;
    const rules = await readRules(dir);
    const progress = options.progress && ((line: string) => options.progress!(`${side}: ${line}`));
    return { rules, result: await backtest(rules.groups, server, { start, end, step: rules.step, now: options.now, progress, timeoutMs: options.timeoutMs }) };
  };
  const before = await run(oldDir, 'old rules');
  const after = (await run(newDir, 'new rules'))!;
  return { range: options.range, start, end, alerts: changedAlerts(before?.rules.groups ?? [], after.rules.groups, before?.result, after.result), slos: budgets(before, after) };
}

interface TreeRules {
  readonly groups: RuleGroup[];
  /** The tree's evaluation_interval, seconds. */
  readonly step: number;
}

/** The rule groups of a generated tree's rule files and its global evaluation interval. */
export async function readRules(dir: string): Promise<TreeRules> {
  const rulesDir = join(dir, 'prometheus/rules');
  const files = (await readdir(rulesDir).catch(() => [] as string[])).filter((f) => f.endsWith('.yml')).sort();
  const groups: RuleGroup[] = [];
  for (const file of files) groups.push(...((parse(await readFile(join(rulesDir, file), 'utf8')) as { groups?: RuleGroup[] } | null)?.groups ?? []));
  const config = parse(await readFile(join(dir, OUTPUT.prometheusConfig), 'utf8').catch(() => '')) as { global?: { evaluation_interval?: string } } | null;
  return { groups, step: parseDuration(config?.global?.evaluation_interval ?? '1m') ?? 60 };
}

/** Which alert a rule is, across two trees: its name, service, SLO and windows (a severity change is a change of it). */
function alertKey(alertname: string, labels: Readonly<Record<string, string>>): string {
  return JSON.stringify([labels[LABEL.service], labels[LABEL.slo], alertname, labels[LABEL.longWindow], labels[LABEL.shortWindow]]);
}

function subjectOf(alertname: string, labels: Readonly<Record<string, string>>): string {
  const { service, slo, long_window: long, short_window: short } = labels;
  return [[service, slo].filter(Boolean).join('/'), alertname, long && short ? `${long}/${short}` : undefined].filter(Boolean).join(' ');
}

function alertRules(groups: readonly RuleGroup[]): Map<string, AlertingRule> {
  const rules = new Map<string, AlertingRule>();
  for (const rule of groups.flatMap((g) => g.rules)) if ('alert' in rule) rules.set(alertKey(rule.alert, rule.labels ?? {}), rule);
  return rules;
}

function totals(result: Backtest | undefined, key: string): FiringTotals | undefined {
  if (!result) return undefined;
  const instances = result.alerts.filter((a) => alertKey(a.alertname, a.labels) === key);
  return { count: instances.reduce((n, a) => n + a.firings.length, 0), seconds: instances.reduce((n, a) => n + a.firingSeconds, 0) };
}

/** Alerts whose rule differs (expression, `for`, labels) or exists on one side only, in the new tree's order, removed ones last. */
function changedAlerts(oldGroups: readonly RuleGroup[], newGroups: readonly RuleGroup[], before: Backtest | undefined, after: Backtest): AlertBacktest[] {
  const oldRules = alertRules(oldGroups);
  const newRules = alertRules(newGroups);
  const keys = [...newRules.keys(), ...[...oldRules.keys()].filter((k) => !newRules.has(k))];
  const same = (a: AlertingRule | undefined, b: AlertingRule | undefined) => a !== undefined && b !== undefined && a.expr === b.expr && a.for === b.for && JSON.stringify(a.labels) === JSON.stringify(b.labels);
  return keys
    .filter((key) => !same(oldRules.get(key), newRules.get(key)))
    .map((key) => {
      const rule = (newRules.get(key) ?? oldRules.get(key))!;
      return {
        subject: subjectOf(rule.alert, rule.labels ?? {}),
        severity: rule.labels?.[LABEL.severity],
        ...(oldRules.has(key) ? { old: totals(before, key) } : {}),
        ...(newRules.has(key) ? { new: totals(after, key) } : {}),
      };
    });
}

/** Per SLO of either tree: the range's error ratio over the error budget its objective allows. */
function budgets(before: { rules: TreeRules; result: Backtest } | undefined, after: { rules: TreeRules; result: Backtest }): SloBudget[] {
  const spent = (side: { rules: TreeRules; result: Backtest } | undefined) => {
    const found = new Map<string, number>();
    if (!side) return found;
    const objectives = objectivesOf(side.rules.groups);
    for (const slo of side.result.slos) {
      const subject = `${slo.service}/${slo.slo}`;
      const objective = objectives.get(subject);
      if (objective !== undefined && slo.errorRatio !== undefined) found.set(subject, slo.errorRatio / (1 - objective));
    }
    return found;
  };
  const old = spent(before);
  const now = spent(after);
  const subjects = [...new Set([...now.keys(), ...old.keys()])];
  return subjects.map((subject) => ({ subject, ...(old.has(subject) ? { old: old.get(subject) } : {}), ...(now.has(subject) ? { new: now.get(subject) } : {}) }));
}

/** `slo:objective:ratio` is recorded as `vector(0.999)`: the objective as a ratio, by `service/slo`. */
function objectivesOf(groups: readonly RuleGroup[]): Map<string, number> {
  const found = new Map<string, number>();
  for (const rule of groups.flatMap((g) => g.rules)) {
    if (!('record' in rule) || rule.record !== METRIC.objective) continue;
    const value = /^vector\(([0-9.eE+-]+)\)$/.exec(rule.expr.trim());
    if (value && rule.labels) found.set(`${rule.labels[LABEL.service]}/${rule.labels[LABEL.slo]}`, Number(value[1]));
  }
  return found;
}
