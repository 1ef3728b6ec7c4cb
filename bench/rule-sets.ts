/**
 * The three rule sets the bench compares, as Prometheus rule groups: sloforge's rules
 * for bench/sloth.config.ts, Sloth's generated rules for the same spec, and Sloth with
 * the hand-written raw 30d SLI (bench/sloth-raw30d.yml) in place of its optimized one.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export interface Rule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}
export interface Group {
  readonly name: string;
  readonly interval?: string;
  readonly rules: Rule[];
}
export interface RuleSet {
  readonly name: string;
  readonly groups: Group[];
}

/** Beside the repository, or beside the folder of worktrees it is checked out in. */
export const SLOTH_GENERATED = [new URL('../../shared/anchors/sloth/getting-started.generated.yml', import.meta.url), new URL('../../../shared/anchors/sloth/getting-started.generated.yml', import.meta.url)]
  .map((url) => fileURLToPath(url))
  .find((path) => existsSync(path)) ?? fileURLToPath(new URL('../../shared/anchors/sloth/getting-started.generated.yml', import.meta.url));
export const SLOTH_RAW30D = fileURLToPath(new URL('./sloth-raw30d.yml', import.meta.url));

export async function readGroups(file: string): Promise<Group[]> {
  return (parse(await readFile(file, 'utf8')) as { groups: Group[] }).groups;
}

export async function ruleSets(sloforgeRulesFile: string): Promise<RuleSet[]> {
  const sloth = await readGroups(SLOTH_GENERATED);
  const raw30d = (await readGroups(SLOTH_RAW30D))[0]!.rules[0]!;
  const swapped = sloth.map((g) => ({ ...g, rules: g.rules.map((r) => (r.record === raw30d.record ? raw30d : r)) }));
  return [
    { name: 'sloforge', groups: await readGroups(sloforgeRulesFile) },
    { name: 'Sloth', groups: sloth },
    { name: 'Sloth raw 30d', groups: swapped },
  ];
}

export function findRule(set: RuleSet, record: string): Rule {
  const rule = set.groups.flatMap((g) => g.rules).find((r) => r.record === record);
  if (!rule) throw new Error(`${set.name} has no rule recording ${record}`);
  return rule;
}
