/**
 * A service's rule file: SLI, hourly-tile, metadata and alert groups, each split at 20
 * rules, except that an SLO's SLI rules stay in one group: they read each other's samples
 * of the same evaluation, and a group of their own would run at another offset.
 */
import type { Model, Service, Slo } from '../../model/slo.ts';
import { GROUP_KIND, MAX_RULES_PER_GROUP, OUTPUT, groupName, type GroupKind } from '../../model/conventions.ts';
import type { Artifact } from '../artifact.ts';
import { alertRules } from './alerts.ts';
import { hourlyTileRules, metadataRules, minuteRules } from './recording.ts';
import { STEP_SECONDS } from '../../model/windows.ts';
import { formatDuration } from '../../model/duration.ts';
import type { Rule, RuleGroup } from './rule.ts';
import { thresholdRules } from './thresholds.ts';

export function ruleFile(service: Service, groups: readonly RuleGroup[]): Artifact {
  return { path: OUTPUT.rulesFile(service.name), format: 'yaml', data: { groups } };
}

export function ruleGroups(model: Model, service: Service): RuleGroup[] {
  // The minute group's interval is the step its increases tile time with, whatever the global one.
  const kinds: [GroupKind, (slo: Slo) => Rule[], string | undefined][] = [
    [GROUP_KIND.sli, minuteRules, formatDuration(STEP_SECONDS)],
    [GROUP_KIND.sliLong, hourlyTileRules, model.longWindowInterval.text],
    [GROUP_KIND.meta, metadataRules, undefined],
    [GROUP_KIND.alerts, alertRules, undefined],
  ];
  const groups = (kind: GroupKind, rules: Rule[][], interval?: string): RuleGroup[] =>
    pack(rules, MAX_RULES_PER_GROUP, kind !== GROUP_KIND.sli).map((part, index) => ({
      name: groupName(service.name, kind, index + 1),
      ...(interval ? { interval } : {}),
      rules: part,
    }));
  return [
    ...kinds.flatMap(([kind, rulesOf, interval]) => groups(kind, service.slos.map(rulesOf), interval)),
    ...groups(GROUP_KIND.thresholds, [thresholdRules(service)]),
  ];
}

/** Whole SLOs into groups of at most `size` rules, in order; an SLO with more rules than that is split if `split`, else a group of its own. */
export function pack<T>(perSlo: readonly T[][], size: number, split: boolean): T[][] {
  const groups: T[][] = [];
  for (const rules of perSlo) {
    const partSize = split ? size : Math.max(size, rules.length);
    for (let start = 0; start < rules.length; start += partSize) {
      const part = rules.slice(start, start + partSize);
      const last = groups[groups.length - 1];
      if (last && last.length + part.length <= size) last.push(...part);
      else groups.push([...part]);
    }
  }
  return groups;
}
