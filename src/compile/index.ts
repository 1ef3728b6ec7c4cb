/** Every compiler, model in, artifacts out. Adding a target means adding a folder and a line here. */
import type { Model } from '../model/slo.ts';
import type { Artifact } from './artifact.ts';
import { ruleFiles } from './prometheus/rules.ts';
import { unitTestFiles } from './prometheus/unit-tests.ts';

export function compile(model: Model): Artifact[] {
  return [...ruleFiles(model), ...unitTestFiles(model)];
}
