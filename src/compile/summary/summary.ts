/** SUMMARY.md: what the config means, for a reviewer who does not read PromQL. */
import type { Model } from '../../model/slo.ts';
import type { Artifact } from '../artifact.ts';
import { routingSection } from './routing-section.ts';
import { sloSection } from './slo-section.ts';
import { thresholdSection } from './threshold-section.ts';

export const SUMMARY_PATH = 'SUMMARY.md';

export function summaryFile(model: Model): Artifact {
  const lines = ['# SLO summary', '', "Each SLO's error budget, when each of its alerts fires, and who is told.", ''];
  lines.push(...routingSection(model.routing));
  for (const service of model.services) {
    for (const slo of service.slos) lines.push(...sloSection(slo, model.routing));
    lines.push(...thresholdSection(service, model.routing));
  }
  return { path: SUMMARY_PATH, format: 'markdown', data: lines.join('\n') };
}
