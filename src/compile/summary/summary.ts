/** SUMMARY.md: what the config means, for a reviewer who does not read PromQL. */
import type { Model, Slo } from '../../model/slo.ts';
import { formatDuration } from '../../model/duration.ts';
import { formatNumber, formatPercent } from '../../model/number.ts';
import { budgetSeconds, firingErrorRatio, fullOutageFiresAfter } from '../../model/windows.ts';
import type { Artifact } from '../artifact.ts';

export const SUMMARY_PATH = 'SUMMARY.md';

export function summaryFile(model: Model): Artifact {
  const lines = ['# SLO summary', '', "Each SLO's error budget, and when each of its burn-rate alerts fires.", ''];
  for (const service of model.services) {
    for (const slo of service.slos) lines.push(...sloSection(slo));
  }
  return { path: SUMMARY_PATH, format: 'markdown', data: lines.join('\n') };
}

function sloSection(slo: Slo): string[] {
  const budget = 1 - slo.objective;
  const lines = [
    `## ${slo.service} / ${slo.name}`,
    '',
    ...(slo.description ? [slo.description, ''] : []),
    `- Objective: **${formatNumber(slo.objectivePercent)}%** over **${slo.period.text}**`,
    `- Error budget: ${formatPercent(budget)} of events, or **${formatDuration(budgetSeconds(slo))}** of full outage per ${slo.period.text}`,
    '',
  ];
  const tiers = slo.alerting?.tiers ?? [];
  if (tiers.length === 0) return [...lines, 'No burn-rate alerts.', ''];
  lines.push(
    '| tier | severity | fires at error rate | burn rate | windows | budget spent when it fires | a full outage fires it after |',
    '|---|---|---|---|---|---|---|',
  );
  for (const tier of tiers) {
    lines.push(
      `| ${tier.name} | ${tier.severity} | ${formatPercent(firingErrorRatio(tier, slo.objective))} | ${formatNumber(tier.factor)}x | ${tier.longWindow.text} / ${tier.shortWindow.text}${tier.for.seconds ? `, for ${tier.for.text}` : ''} | ${formatNumber(tier.budgetFraction * 100)}% in ${tier.longWindow.text} | ${formatDuration(Math.ceil(fullOutageFiresAfter(tier, slo.objective)))} |`,
    );
  }
  return [...lines, ''];
}

