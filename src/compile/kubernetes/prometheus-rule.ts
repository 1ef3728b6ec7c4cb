/** A service's PrometheusRule: its `spec.groups` are the rule file's groups, the same objects. */
import type { Kubernetes } from '../../model/kubernetes.ts';
import { KUBERNETES_OUTPUT, OBJECT_NAME } from '../../model/kubernetes-names.ts';
import type { Service } from '../../model/slo.ts';
import type { Artifact } from '../artifact.ts';
import type { RuleGroup } from '../prometheus/rule.ts';
import { API_VERSION, metadata } from './metadata.ts';

export function prometheusRuleFile(kubernetes: Kubernetes, service: Service, groups: readonly RuleGroup[]): Artifact {
  return {
    path: KUBERNETES_OUTPUT.prometheusRules(service.name),
    format: 'yaml-stream',
    data: [{ apiVersion: API_VERSION.monitoring, kind: 'PrometheusRule', metadata: metadata(kubernetes, 'prometheusRules', OBJECT_NAME.prometheusRule(service.name)), spec: { groups } }],
  };
}
