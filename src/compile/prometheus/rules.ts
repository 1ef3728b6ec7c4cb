/** A service's rule file: SLI, long-window, metadata and alert groups, each split at 20 rules. */
import type { Model, Service, Slo } from '../../model/slo.ts';
import { GROUP_KIND, MAX_RULES_PER_GROUP, OUTPUT, groupName, type GroupKind } from '../../model/conventions.ts';
import type { Artifact } from '../artifact.ts';
import { alertRules } from './alerts.ts';
import { longWindowRules, metadataRules, shortWindowRules } from './recording.ts';
import type { Rule, RuleGroup } from './rule.ts';
import { thresholdRules } from './thresholds.ts';

export function ruleFile(service: Service, groups: readonly RuleGroup[]): Artifact {
  return { path: OUTPUT.rulesFile(service.name), format: 'yaml', data: { groups } };
}

export function ruleGroups(model: Model, service: Service): RuleGroup[] {
  const kinds: [GroupKind, (slo: Slo) => Rule[], string | undefined][] = [
    [GROUP_KIND.sli, shortWindowRules, undefined],
    [GROUP_KIND.sliLong, longWindowRules, model.longWindowInterval.text],
    [GROUP_KIND.meta, metadataRules, undefined],
    [GROUP_KIND.alerts, alertRules, undefined],
  ];
  const groups = (kind: GroupKind, rules: Rule[][], interval?: string): RuleGroup[] =>
    pack(rules, MAX_RULES_PER_GROUP).map((part, index) => ({
      name: groupName(service.name, kind, index + 1),
      ...(interval ? { interval } : {}),
      rules: part,
    }));
  return [
    ...kinds.flatMap(([kind, rulesOf, interval]) => groups(kind, service.slos.map(rulesOf), interval)),
    ...groups(GROUP_KIND.thresholds, [thresholdRules(service)]),
  ];
}

/** Whole SLOs into groups of at most `size` rules, in order; an SLO with more rules than that is split. */
function pack<T>(perSlo: readonly T[][], size: number): T[][] {
  const groups: T[][] = [];
  for (const rules of perSlo) {
    for (let start = 0; start < rules.length; start += size) {
      const part = rules.slice(start, start + size);
      const last = groups[groups.length - 1];
      if (last && last.length + part.length <= size) last.push(...part);
      else groups.push([...part]);
    }
  }
  return groups;
}
