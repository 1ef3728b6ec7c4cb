/** An SLO's SLA in SUMMARY.md: the allowed bad time per calendar period length and the credit table. */
import type { Sla } from '../../model/slo.ts';
import { formatDuration } from '../../model/duration.ts';
import { formatNumber } from '../../model/number.ts';

const PERIOD_DAYS = { month: [28, 29, 30, 31], quarter: [90, 91, 92] } as const;
const MISSING_DATA = { ignore: 'left out of the SLI and reported as coverage', bad: 'counts as bad time', good: 'counts as good time' } as const;

export function slaLines(sla: Sla | undefined): string[] {
  if (!sla) return [];
  const allowed = PERIOD_DAYS[sla.calendar].map((days) => `${formatDuration(Math.round(days * 86400 * (1 - sla.objective)))} in a ${days}-day ${sla.calendar}`).join(', ');
  const credits = sla.credits.length ? sla.credits.map((c) => `${formatNumber(c.creditPercent)}% below ${formatNumber(c.belowPercent)}%`).join(', ') : 'none';
  return [
    `- SLA: **${formatNumber(sla.objectivePercent)}%** per calendar ${sla.calendar} in ${sla.timezone}: at most ${allowed} of full outage`,
    `- SLA credits: ${credits} (the lowest bound the ${sla.calendar}'s SLI is below); time without data ${MISSING_DATA[sla.missingData]}`,
  ];
}
