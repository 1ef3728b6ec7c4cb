/** A period's figures from its counts: SLI, budget, bad time, coverage, the SLA's verdict and credit. */
import type { Labels, Sla, Slo } from '../model/slo.ts';
import { formatNumber } from '../model/number.ts';

export interface PeriodCounts {
  readonly errors: number;
  readonly total: number;
  /** Steps with data, of `steps`. */
  readonly coveredSteps: number;
  readonly steps: number;
}

export interface AlertFiring {
  readonly alertname: string;
  readonly severity: string;
  /** Firings that began in the period. */
  readonly firings: number;
  /** Minutes firing in the period, summed over the alert's series. */
  readonly firingMinutes: number;
}

/** One local calendar day of the period (in the SLA's time zone), maintenance left out. */
export interface DayFigures {
  /** `2026-11-10`. */
  readonly date: string;
  readonly start: string;
  readonly end: string;
  readonly sliPercent: number;
  readonly badSeconds: number;
}

/** A day of the period's course: its own SLI and the period's SLI from its start to the day's end. */
export interface DayCourse extends DayFigures {
  readonly toDateSliPercent: number;
}

export interface PeriodFigures {
  readonly sliPercent: number;
  readonly objectivePercent: number;
  /** Share of the period's error budget spent: 1 = all of it. */
  readonly budgetSpent: number;
  /** The period's length outside maintenance × (1 − SLI). */
  readonly badSeconds: number;
  /** Share of the period (outside maintenance) with data, 0..1. */
  readonly dataCoverage: number;
  readonly sla?: { readonly objectivePercent: number; readonly met: boolean; readonly creditPercent: number; readonly missingData: Sla['missingData'] };
}

export interface SloFigures extends PeriodFigures {
  readonly service: string;
  readonly slo: string;
  /** A groupBy SLO's group: its groupBy labels' values. */
  readonly group?: Labels;
  /** The period's time in maintenance windows, left out of every other figure. */
  readonly maintenanceSeconds: number;
  /** The days with the most bad time, worst first. */
  readonly worstDays: readonly DayFigures[];
  /** Every day of the period with data, in order: the course the HTML report charts. */
  readonly days: readonly DayCourse[];
  readonly alerts: readonly AlertFiring[];
}

/** Twelve significant digits, as every number sloforge writes: no float noise in a report. */
const exact = (value: number) => Number(formatNumber(value));

/** `measuredSeconds`: the span's length outside maintenance, which `counts` cover. */
export function periodFigures(slo: Pick<Slo, 'objective' | 'objectivePercent' | 'sla'>, counts: PeriodCounts, measuredSeconds: number): PeriodFigures {
  const coverage = Math.min(1, counts.coveredSteps / counts.steps);
  const measured = 1 - Math.min(1, Math.max(0, counts.errors / counts.total));
  // Time without data counts as the SLA's policy says; `ignore` judges the covered time alone.
  const policy = slo.sla?.missingData ?? 'ignore';
  const sli = policy === 'bad' ? measured * coverage : policy === 'good' ? measured * coverage + (1 - coverage) : measured;
  const sliPercent = exact(sli * 100);
  return {
    sliPercent,
    objectivePercent: slo.objectivePercent,
    budgetSpent: exact((1 - sli) / (1 - slo.objective)),
    badSeconds: exact(measuredSeconds * (1 - sli)),
    dataCoverage: exact(coverage),
    ...(slo.sla ? { sla: slaVerdict(slo.sla, sliPercent) } : {}),
  };
}

/** Met at or above the objective; the credit of the lowest bound the SLI is below. */
export function slaVerdict(sla: Sla, sliPercent: number): NonNullable<PeriodFigures['sla']> {
  const owed = sla.credits.filter((credit) => sliPercent < credit.belowPercent).at(-1);
  return { objectivePercent: sla.objectivePercent, met: sliPercent >= sla.objectivePercent, creditPercent: owed?.creditPercent ?? 0, missingData: sla.missingData };
}
