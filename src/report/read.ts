/** Reads each SLO's period from a live Prometheus and turns the answers into figures; no data is an error, never a number. */
import type { Model, Slo } from '../model/slo.ts';
import type { PrometheusClient, Sample } from '../prometheus-api/client.ts';
import { isoUtc, period as calendarPeriod, type Period, type PeriodKind } from './calendar.ts';
import { periodQueries, STEP_SECONDS } from './queries.ts';
import { sloFigures, type SloFigures } from './figures.ts';

export interface Report {
  readonly period: ReportPeriod;
  readonly slos: readonly (SloFigures & { readonly period?: ReportPeriod })[];
}

export interface ReportPeriod {
  readonly kind: PeriodKind;
  readonly label: string;
  readonly start: string;
  readonly end: string;
  readonly timezone: string;
  /** Set when the period has not ended: the figures are up to this instant. */
  readonly asOf?: string;
}

/** An SLO that Prometheus has no data for in the period: the report names them all. */
export class NoDataError extends Error {
  constructor(readonly slos: readonly string[], label: string) {
    super(`Prometheus has no data in ${label} for ${slos.join(', ')}: no series its SLI selects had samples then (is the period within the server's retention?)`);
    this.name = 'NoDataError';
  }
}

export async function readReport(model: Model, client: PrometheusClient, kind: PeriodKind, label: string, now: number): Promise<Report> {
  const slos = model.services.flatMap((s) => s.slos);
  const zones = [...new Set(slos.flatMap((s) => (s.sla ? [s.sla.timezone] : [])))];
  const reportZone = zones.length === 1 ? zones[0]! : 'UTC';
  const main = calendarPeriod(kind, label, reportZone)!;
  const missing: string[] = [];
  const entries = [];
  for (const slo of slos) {
    const zone = slo.sla?.timezone ?? reportZone;
    const own = zone === reportZone ? main : calendarPeriod(kind, label, zone)!;
    const figures = await readSlo(slo, client, own, now);
    if (!figures) missing.push(`services[${slo.service}].slos[${slo.name}]`);
    else entries.push(own === main ? figures : { ...figures, period: reportPeriod(own, now) });
  }
  if (missing.length) throw new NoDataError(missing, label);
  return { period: reportPeriod(main, now), slos: entries };
}

async function readSlo(slo: Slo, client: PrometheusClient, period: Period, now: number): Promise<SloFigures | undefined> {
  const end = Math.min(period.end, Math.floor(now / STEP_SECONDS) * STEP_SECONDS);
  const seconds = end - period.start;
  if (seconds <= 0) return undefined;
  const queries = periodQueries(slo, seconds);
  const [errors, total, coveredSteps, alerts] = await Promise.all([queries.errors, queries.total, queries.coveredSteps, queries.alertMinutes].map((q) => client.query(q, end)));
  const count = single(total!);
  if (count === undefined || !(count > 0)) return undefined;
  const figures = sloFigures(slo, { errors: single(errors!) ?? 0, total: count, coveredSteps: single(coveredSteps!) ?? 0, steps: seconds / STEP_SECONDS, alerts: alertsOf(alerts!) }, seconds);
  // An SLA over a quarter is not judged on a month, nor the reverse.
  if (figures.sla && slo.sla?.calendar !== period.kind) {
    const { sla: _judgedElsewhere, ...rest } = figures;
    return rest;
  }
  return figures;
}

function single(samples: readonly Sample[]): number | undefined {
  const value = samples[0]?.value;
  return value === undefined || Number.isNaN(value) ? undefined : value;
}

function alertsOf(samples: readonly Sample[]): SloFigures['alerts'] {
  return samples
    .map((s) => ({ alertname: s.metric.alertname ?? '', severity: s.metric.severity ?? '', firingMinutes: s.value * (STEP_SECONDS / 60) }))
    .sort((a, b) => b.firingMinutes - a.firingMinutes || a.alertname.localeCompare(b.alertname) || a.severity.localeCompare(b.severity));
}

function reportPeriod(period: Period, now: number): ReportPeriod {
  const base = { kind: period.kind, label: period.label, start: isoUtc(period.start), end: isoUtc(period.end), timezone: period.timezone };
  return now < period.end ? { ...base, asOf: isoUtc(Math.floor(now / STEP_SECONDS) * STEP_SECONDS) } : base;
}
