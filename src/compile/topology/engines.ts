/**
 * The global rules in each engine's own file format:
 * - Prometheus: plain rule files, and a prometheus.yml that loads them and sends to every Alertmanager peer;
 * - vmalert: plain groups (the unchained rules, see global-rules.ts);
 * - Thanos Ruler: every group with `partial_response_strategy: abort`, so that a store
 *   that does not answer fails the evaluation instead of summing fewer clusters;
 * - Mimir/Cortex ruler: one namespace file (`namespace:` + `groups:`) for `mimirtool rules sync`,
 *   groups cut at the tenant's rules-per-group limit.
 */
import type { Model } from '../../model/slo.ts';
import type { GlobalEngine, Topology } from '../../model/topology.ts';
import { OUTPUT } from '../../model/conventions.ts';
import type { Artifact } from '../artifact.ts';
import type { RuleGroup } from '../prometheus/rule.ts';
import { alertmanagersOf } from './edge.ts';
import { globalRuleGroups } from './global-rules.ts';

export function* engineFiles(model: Model, topology: Topology, engine: GlobalEngine): Generator<Artifact> {
  switch (engine.kind) {
    case 'prometheus':
      yield {
        path: OUTPUT.globalPrometheusConfig,
        format: 'yaml',
        data: { global: { evaluation_interval: model.prometheus.evaluationInterval.text }, rule_files: [OUTPUT.ruleFilesGlob], alerting: alertmanagersOf(topology) },
      };
      for (const service of model.services) yield { path: OUTPUT.globalPrometheusRulesFile(service.name), format: 'yaml', data: { groups: globalRuleGroups(model, topology, service, 'chained') } };
      return;
    case 'vmalert':
      for (const service of model.services) {
        yield { path: OUTPUT.vmalertRulesFile(service.name), format: 'yaml', data: { groups: globalRuleGroups(model, topology, service, 'unchained').map((group) => withInterval(model, group)) } };
      }
      return;
    case 'thanos':
      for (const service of model.services) {
        yield { path: OUTPUT.thanosRulesFile(service.name), format: 'yaml', data: { groups: globalRuleGroups(model, topology, service, 'chained').map((group) => thanosGroup(withInterval(model, group))) } };
      }
      return;
    case 'mimir':
      yield { path: OUTPUT.mimirNamespaceFile(engine.namespace), format: 'yaml', data: { namespace: engine.namespace, groups: mimirGroups(model, topology, engine) } };
      return;
  }
}

type MimirEngine = Extract<GlobalEngine, { kind: 'mimir' }>;

function mimirGroups(model: Model, topology: Topology, engine: MimirEngine): RuleGroup[] {
  return model.services.flatMap((service) => globalRuleGroups(model, topology, service, 'chained', engine.maxRulesPerGroup).map((group) => withInterval(model, group)));
}

/**
 * vmalert, Thanos Ruler and the Mimir ruler evaluate a group without an interval at their
 * own flag's (1m by default each), not at the config's evaluation interval as the edge
 * Prometheus servers do: every group states its interval.
 */
function withInterval(model: Model, group: RuleGroup): RuleGroup {
  if (group.interval !== undefined) return group;
  const { name, rules, ...rest } = group;
  return { name, interval: model.prometheus.evaluationInterval.text, ...rest, rules };
}

/**
 * The Mimir ruler refuses a tenant's rules past `ruler_max_rule_groups_per_tenant` when
 * `mimirtool rules sync` loads them: said at generation instead, with what to change.
 */
export function engineLimitProblems(model: Model): { readonly at: readonly (string | number)[]; readonly message: string }[] {
  const topology = model.topology;
  if (!topology) return [];
  return topology.engines.flatMap((engine) => {
    if (engine.kind !== 'mimir') return [];
    const groups = mimirGroups(model, topology, engine).length;
    if (groups <= engine.maxGroupsPerTenant) return [];
    return [
      {
        at: ['topology', 'global', 'mimir'],
        message:
          `gives tenant "${engine.tenant}" ${groups} rule groups, more than its maxGroupsPerTenant of ${engine.maxGroupsPerTenant} (the tenant's ruler_max_rule_groups_per_tenant), so the ruler would refuse them: ` +
          `raise that limit for the tenant and set maxGroupsPerTenant to it, or raise maxRulesPerGroup (now ${engine.maxRulesPerGroup}) with ruler_max_rules_per_rule_group so that more rules share a group`,
      },
    ];
  });
}

function thanosGroup(group: RuleGroup) {
  const { rules, ...rest } = group;
  return { ...rest, partial_response_strategy: 'abort', rules };
}
