/** Every compiler, model in, artifacts out. Adding a target means adding a folder and a line here. */
import type { Model } from '../model/slo.ts';
import type { Artifact } from './artifact.ts';
import { ruleFiles } from './prometheus/rules.ts';
import { unitTestFiles } from './prometheus/unit-tests.ts';
import { prometheusConfig } from './prometheus/config.ts';
import { blackboxConfig } from './prometheus/blackbox.ts';
import { alertmanagerConfig } from './alertmanager/config.ts';
import { grafanaFiles } from './grafana/dashboards.ts';
import { summaryFile } from './summary/summary.ts';

export function compile(model: Model): Artifact[] {
  return [prometheusConfig(model), ...blackboxConfig(model), ...ruleFiles(model), ...unitTestFiles(model), ...alertmanagerConfig(model), ...grafanaFiles(model), summaryFile(model)];
}
