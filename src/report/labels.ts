/** How the report names an SLO, a period and a length of time, in every format. */
import type { ReportPeriod } from './read.ts';
import type { SloFigures } from './figures.ts';
import { formatRounded } from '../model/number.ts';

/** `shop/requests`, and a groupBy SLO's group: `shop/requests{region="eu"}`. */
export function sloName(slo: Pick<SloFigures, 'service' | 'slo' | 'group'>): string {
  const group = Object.entries(slo.group ?? {}).map(([label, value]) => `${label}=${JSON.stringify(value)}`);
  return `${slo.service}/${slo.slo}${group.length ? `{${group.join(',')}}` : ''}`;
}

export function describePeriod(period: ReportPeriod): string {
  const asOf = period.asOf ? `, to date (${period.asOf})` : '';
  return `${period.kind} ${period.label} in ${period.timezone}: ${period.start} to ${period.end}${asOf}`;
}

export function minutes(seconds: number): string {
  return `${formatRounded(seconds / 60)} min`;
}
