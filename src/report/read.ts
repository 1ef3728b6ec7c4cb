/**
 * Reads each SLO's period from a live Prometheus and turns the answers into figures; no data is an error,
 * never a number. Maintenance windows are left out of the period: the SLI, the coverage and the bad time
 * are those of the period's time outside them.
 */
import type { Model, Slo } from '../model/slo.ts';
import type { PrometheusClient, Sample } from '../prometheus-api/client.ts';
import { isoUtc, period as calendarPeriod, type Period, type PeriodKind } from './calendar.ts';
import { periodQueries, STEP_SECONDS } from './queries.ts';
import { sloFigures, type SloFigures } from './figures.ts';
import { spanSeconds, spansWithin, type MaintenanceWindow } from '../model/maintenance.ts';

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
  const slos = model.services.flatMap((service) => service.slos.map((slo) => ({ slo, maintenance: [...(service.maintenance ?? []), ...(slo.maintenance ?? [])] })));
  const zones = [...new Set(slos.flatMap(({ slo }) => (slo.sla ? [slo.sla.timezone] : [])))];
  const reportZone = zones.length === 1 ? zones[0]! : 'UTC';
  const main = calendarPeriod(kind, label, reportZone)!;
  const missing: string[] = [];
  const entries = [];
  for (const { slo, maintenance } of slos) {
    const zone = slo.sla?.timezone ?? reportZone;
    const own = zone === reportZone ? main : calendarPeriod(kind, label, zone)!;
    const figures = await readSlo(slo, maintenance, client, own, now);
    if (!figures) missing.push(`services[${slo.service}].slos[${slo.name}]`);
    else entries.push(own === main ? figures : { ...figures, period: reportPeriod(own, now) });
  }
  if (missing.length) throw new NoDataError(missing, label);
  return { period: reportPeriod(main, now), slos: entries };
}

/** Bad and all events (or steps), and the steps with data, in [end - seconds, end). */
interface Counts {
  readonly errors: number;
  readonly total: number;
  readonly coveredSteps: number;
}

async function readSlo(slo: Slo, maintenance: readonly MaintenanceWindow[], client: PrometheusClient, period: Period, now: number): Promise<SloFigures | undefined> {
  const end = Math.min(period.end, Math.floor(now / STEP_SECONDS) * STEP_SECONDS);
  const seconds = end - period.start;
  if (seconds <= 0) return undefined;
  const [whole, alerts] = await Promise.all([readCounts(slo, client, period.start, end), client.query(periodQueries(slo, seconds).alertMinutes, end)]);
  // Maintenance is read span by span and taken out: its events, its steps and its time leave the denominator.
  const spans = maintenance.flatMap((window) => spansWithin(window.schedule, period.start, end));
  const excluded = await Promise.all(spans.map(([from, to]) => readCounts(slo, client, from, to)));
  const maintenanceSeconds = spanSeconds(spans);
  const counts = excluded.reduce((left, out) => ({ errors: left.errors - out.errors, total: left.total - out.total, coveredSteps: left.coveredSteps - out.coveredSteps }), whole);
  if (!(counts.total > 0)) return undefined;
  const measured = seconds - maintenanceSeconds;
  const figures = sloFigures(slo, { ...counts, steps: measured / STEP_SECONDS, alerts: alertsOf(alerts) }, measured, maintenanceSeconds);
  // An SLA over a quarter is not judged on a month, nor the reverse.
  if (figures.sla && slo.sla?.calendar !== period.kind) {
    const { sla: _judgedElsewhere, ...rest } = figures;
    return rest;
  }
  return figures;
}

async function readCounts(slo: Slo, client: PrometheusClient, start: number, end: number): Promise<Counts> {
  const queries = periodQueries(slo, end - start);
  const [errors, total, coveredSteps] = await Promise.all([queries.errors, queries.total, queries.coveredSteps].map((q) => client.query(q, end)));
  return { errors: single(errors!) ?? 0, total: single(total!) ?? 0, coveredSteps: single(coveredSteps!) ?? 0 };
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
