/** An SLO's `sla` over the top-level defaults: the commitment `sloforge report` judges a calendar period by. */
import type { SlaCalendarConfig, SlaConfig } from './types.ts';
import type { DiagnosticList, Path } from './diagnostics.ts';
import type { Sla } from '../model/slo.ts';
import { formatNumber } from '../model/number.ts';
import { isTimeZone } from '../model/time-zone.ts';

export const DEFAULT_SLA_TIMEZONE = 'UTC';

export function toSla(defaults: SlaCalendarConfig | undefined, own: SlaConfig | undefined, slo: { objectivePercent: number }, path: Path, problems: DiagnosticList): Sla | undefined {
  if (!own) return undefined;
  const at = [...path, 'sla'];
  if (own.objective > slo.objectivePercent) {
    problems.add([...at, 'objective'], `must not be tighter than the SLO's objective (${formatNumber(slo.objectivePercent)}): the SLO is what alerts before the SLA is at risk; got ${formatNumber(own.objective)}`);
  }
  const credits = (own.credits ?? []).map((credit, index) => ({ ...credit, index })).sort((a, b) => b.below - a.below);
  credits.forEach((credit, rank) => {
    const creditAt = [...at, 'credits', credit.index];
    if (credit.below > own.objective) {
      problems.add([...creditAt, 'below'], `must not be above the SLA objective (${formatNumber(own.objective)}): a credit would be owed for a period that met the SLA; got ${formatNumber(credit.below)}`);
    }
    const higher = credits[rank - 1];
    if (!higher) return;
    if (higher.below === credit.below) problems.add([...creditAt, 'below'], `repeats the bound of ${problems.name([...at, 'credits', higher.index])} (${formatNumber(credit.below)}); each tier needs its own`);
    else if (credit.creditPercent <= higher.creditPercent) {
      problems.add(
        [...creditAt, 'creditPercent'],
        `must be more than the ${formatNumber(higher.creditPercent)}% owed below ${formatNumber(higher.below)} (${problems.name([...at, 'credits', higher.index])}): a lower SLI owes a larger credit; got ${formatNumber(credit.creditPercent)}`,
      );
    }
  });
  const timezone = own.timezone ?? defaults?.timezone ?? DEFAULT_SLA_TIMEZONE;
  if (!isTimeZone(timezone)) problems.add(own.timezone ? [...at, 'timezone'] : ['sla', 'timezone'], `must be an IANA time zone such as "UTC" or "Europe/Berlin", got "${timezone}"`);
  return {
    objective: Number(formatNumber(own.objective / 100)),
    objectivePercent: own.objective,
    credits: credits.map((c) => ({ below: Number(formatNumber(c.below / 100)), belowPercent: c.below, creditPercent: c.creditPercent })),
    calendar: own.calendar ?? defaults?.calendar ?? 'month',
    timezone,
    missingData: own.missingData ?? defaults?.missingData ?? 'ignore',
  };
}
