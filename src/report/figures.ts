/** A period's figures from its counts: SLI, budget, bad time, coverage, the SLA's verdict and credit. */
import type { Sla, Slo } from '../model/slo.ts';
import { formatNumber } from '../model/number.ts';

export interface PeriodCounts {
  readonly errors: number;
  readonly total: number;
  /** Steps with data, of `steps`. */
  readonly coveredSteps: number;
  readonly steps: number;
  readonly alerts: readonly AlertFiring[];
}

export interface AlertFiring {
  readonly alertname: string;
  readonly severity: string;
  readonly firingMinutes: number;
}

export interface SloFigures {
  readonly service: string;
  readonly slo: string;
  readonly sliPercent: number;
  readonly objectivePercent: number;
  /** Share of the period's error budget spent: 1 = all of it. */
  readonly budgetSpent: number;
  /** The period's length outside maintenance × (1 − SLI). */
  readonly badSeconds: number;
  /** The period's time in maintenance windows, left out of every other figure. */
  readonly maintenanceSeconds: number;
  /** Share of the period with data, 0..1. */
  readonly dataCoverage: number;
  readonly sla?: { readonly objectivePercent: number; readonly met: boolean; readonly creditPercent: number; readonly missingData: Sla['missingData'] };
  readonly alerts: readonly AlertFiring[];
}

/** Twelve significant digits, as every number sloforge writes: no float noise in a report. */
const exact = (value: number) => Number(formatNumber(value));

/** `measuredSeconds`: the period's length outside maintenance, which `counts` cover. */
export function sloFigures(slo: Pick<Slo, 'service' | 'name' | 'objective' | 'objectivePercent' | 'sla'>, counts: PeriodCounts, measuredSeconds: number, maintenanceSeconds: number): SloFigures {
  const coverage = Math.min(1, counts.coveredSteps / counts.steps);
  const measured = 1 - Math.min(1, Math.max(0, counts.errors / counts.total));
  // Time without data counts as the SLA's policy says; `ignore` judges the covered time alone.
  const policy = slo.sla?.missingData ?? 'ignore';
  const sli = policy === 'bad' ? measured * coverage : policy === 'good' ? measured * coverage + (1 - coverage) : measured;
  const sliPercent = exact(sli * 100);
  return {
    service: slo.service,
    slo: slo.name,
    sliPercent,
    objectivePercent: slo.objectivePercent,
    budgetSpent: exact((1 - sli) / (1 - slo.objective)),
    badSeconds: exact(measuredSeconds * (1 - sli)),
    maintenanceSeconds,
    dataCoverage: exact(coverage),
    ...(slo.sla ? { sla: slaVerdict(slo.sla, sliPercent) } : {}),
    alerts: counts.alerts,
  };
}

/** Met at or above the objective; the credit of the lowest bound the SLI is below. */
export function slaVerdict(sla: Sla, sliPercent: number): NonNullable<SloFigures['sla']> {
  const owed = sla.credits.filter((credit) => sliPercent < credit.belowPercent).at(-1);
  return { objectivePercent: sla.objectivePercent, met: sliPercent >= sla.objectivePercent, creditPercent: owed?.creditPercent ?? 0, missingData: sla.missingData };
}
