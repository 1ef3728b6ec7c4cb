/**
 * Every compiler, model in, artifacts out. Adding a target means adding a folder and a
 * line here. Artifacts come one at a time, a service's files together, so a config of
 * thousands of SLOs is written as it compiles instead of held in memory whole.
 */
import type { Model } from '../model/slo.ts';
import type { Artifact } from './artifact.ts';
import { ruleFile, ruleGroups } from './prometheus/rules.ts';
import { unitTestFiles } from './prometheus/unit-tests.ts';
import { prometheusConfig } from './prometheus/config.ts';
import { blackboxConfig } from './prometheus/blackbox.ts';
import { alertmanagerConfig } from './alertmanager/config.ts';
import { notificationTemplates } from './alertmanager/templates.ts';
import { routesTestScript } from './alertmanager/routes-test.ts';
import { grafanaFiles, serviceDashboardFile, slaDashboardFile } from './grafana/dashboards.ts';
import { summaryFile } from './summary/summary.ts';
import { prometheusRuleFile } from './kubernetes/prometheus-rule.ts';
import { dashboardConfigMapFile } from './kubernetes/dashboard-configmap.ts';
import { modelManifests } from './kubernetes/manifests.ts';
import { kustomizationFile } from './kubernetes/kustomization.ts';
import { topologyFiles } from './topology/index.ts';

export function* compile(model: Model): Generator<Artifact> {
  const { kubernetes } = model;
  // The kustomization lists the manifests, so it comes after them.
  const manifests: string[] = [];
  function* manifest(artifacts: Iterable<Artifact>): Generator<Artifact> {
    for (const artifact of artifacts) {
      manifests.push(artifact.path);
      yield artifact;
    }
  }
  yield prometheusConfig(model);
  yield* blackboxConfig(model);
  yield* alertmanagerConfig(model);
  yield* notificationTemplates(model);
  yield* routesTestScript(model);
  for (const service of model.services) {
    const groups = ruleGroups(model, service);
    yield ruleFile(service, groups);
    yield* unitTestFiles(service, groups);
    const dashboard = serviceDashboardFile(service);
    yield dashboard;
    const sla = slaDashboardFile(service);
    if (sla) yield sla;
    if (kubernetes) yield* manifest([prometheusRuleFile(kubernetes, service, groups), dashboardConfigMapFile(kubernetes, dashboard), ...(sla ? [dashboardConfigMapFile(kubernetes, sla)] : [])]);
  }
  const grafana = grafanaFiles(model);
  yield* grafana;
  if (kubernetes) {
    yield* manifest(modelManifests(model, kubernetes, grafana));
    yield kustomizationFile(manifests);
  }
  yield* topologyFiles(model);
  yield summaryFile(model);
}
