/** One SLO: its budget, its burn-rate tiers, and its other alerts. */
import type { Routing, Slo } from '../../model/slo.ts';
import { formatDuration } from '../../model/duration.ts';
import { formatNumber, formatPercentRounded, formatRounded } from '../../model/number.ts';
import { NO_DATA_ALERT_NAME, SLI_BROKEN_ALERT_NAME } from '../../model/conventions.ts';
import { impossibleData } from '../../model/sli-soundness.ts';
import { budgetSeconds, firingErrorRatio, fullOutageFiresAfter } from '../../model/windows.ts';
import { receiverOf } from './routing-section.ts';
import { slaLines } from './sla-line.ts';
import { prose } from './markdown.ts';
import { groupLabels } from '../../model/group-labels.ts';

export function sloSection(slo: Slo, routing: Routing | undefined): string[] {
  const lines = [
    `## ${slo.service} / ${slo.name}`,
    '',
    ...(slo.description ? [prose(slo.description), ''] : []),
    // The objective as the config wrote it; every derived number is rounded for reading.
    `- Objective: **${formatNumber(slo.objectivePercent)}%** over **${slo.period.text}**`,
    `- Error budget: ${formatPercentRounded(1 - slo.objective)} of events, or **${formatDuration(Math.round(budgetSeconds(slo)))}** of full outage per ${slo.period.text}`,
    ...slaLines(slo.sla),
    ...(slo.groupBy.length ? [`- Per ${groupLabels(slo).map(({ source, recorded }) => (source === recorded ? `\`${recorded}\`` : `\`${recorded}\` (the metrics' own \`${source}\`)`)).join(', ')}: each value${slo.groupBy.length > 1 ? ' combination' : ''} has its own SLI, error budget and alerts; every number here holds for each one.`] : []),
    '',
  ];
  if (!slo.alerting) return [...lines, 'Alerting is off: recording rules only.', ''];
  const { tiers } = slo.alerting;
  if (tiers.length === 0) lines.push('No burn-rate alerts.', '');
  else {
    lines.push(
      '| tier | severity | goes to | fires at error rate | burn rate | windows | budget spent when it fires | a full outage fires it after |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const tier of tiers) {
      lines.push(
        `| ${tier.name} | ${prose(tier.severity)} | ${receiverOf(tier.severity, routing)} | ${formatPercentRounded(firingErrorRatio(tier, slo.objective))} | ${formatRounded(tier.factor)}x | ${tier.longWindow.text} / ${tier.shortWindow.text}${tier.for.seconds ? `, for ${tier.for.text}` : ''}${tier.minRequestRate === undefined ? '' : `, above ${formatRounded(tier.minRequestRate)} events/s`} | ${formatPercentRounded(tier.budgetFraction)} in ${tier.longWindow.text} | ${formatDuration(Math.ceil(fullOutageFiresAfter(tier, slo.objective)))} |`,
      );
    }
    lines.push('');
  }
  return [...lines, ...otherAlerts(slo, routing), ''];
}

/** The SLO's alerts besides its burn-rate tiers, one line each. */
function otherAlerts(slo: Slo, routing: Routing | undefined): string[] {
  const noData = slo.alerting?.noData;
  const lines: string[] = [];
  if (noData) {
    lines.push(`- **${NO_DATA_ALERT_NAME}** (${prose(noData.severity)}, to ${receiverOf(noData.severity, routing)}): fires when the SLI's series have been missing for ${noData.for.text}: a broken scrape, a renamed metric, or a service that is gone.`);
  } else {
    lines.push(`- No no-data alert: missing metrics stay silent.`);
  }
  const sliBroken = slo.alerting?.sliBroken;
  const impossible = impossibleData(slo.sli);
  if (sliBroken && impossible) {
    lines.push(`- **${SLI_BROKEN_ALERT_NAME}** (${prose(sliBroken.severity)}, to ${receiverOf(sliBroken.severity, routing)}): fires when ${impossible} for ${sliBroken.for.text}: a misconfigured SLI, whose data then counts as no errors instead of paging.`);
  }
  return lines;
}
