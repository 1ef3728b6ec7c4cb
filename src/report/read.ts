/**
 * Reads each SLO's period from a live Prometheus and turns the answers into figures; no data is an error,
 * never a number. Maintenance windows are left out of the period: the SLI, the coverage and the bad time
 * are those of the period's time outside them. A groupBy SLO is reported once per group.
 */
import type { Labels, Model, Slo } from '../model/slo.ts';
import type { PrometheusClient, Sample } from '../prometheus-api/client.ts';
import { daysOf, isoUtc, period as calendarPeriod, type Period, type PeriodKind } from './calendar.ts';
import { alertQueries, periodQueries, STEP_SECONDS } from './queries.ts';
import { periodFigures, type AlertFiring, type DayCourse, type DayFigures, type SloFigures } from './figures.ts';
import { compareCodePoints } from '../model/order.ts';
import { spanSeconds, spansWithin, type MaintenanceWindow } from '../model/maintenance.ts';

/** How many of the period's worst days each SLO lists. */
export const WORST_DAYS = 5;

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
    const groups = await readSlo(slo, maintenance, client, own, now);
    if (!groups.length) missing.push(`services[${slo.service}].slos[${slo.name}]`);
    for (const figures of groups) entries.push(own === main ? figures : { ...figures, period: reportPeriod(own, now) });
  }
  if (missing.length) throw new NoDataError(missing, label);
  return { period: reportPeriod(main, now), slos: entries };
}

/** Bad and all events (or steps), and the steps with data, of one group in a span outside maintenance. */
interface Counts {
  readonly labels: Labels;
  readonly errors: number;
  readonly total: number;
  readonly coveredSteps: number;
}

interface SpanCounts {
  readonly groups: ReadonlyMap<string, Counts>;
  /** The span's length outside maintenance, and in it. */
  readonly measuredSeconds: number;
  readonly maintenanceSeconds: number;
}

async function readSlo(slo: Slo, maintenance: readonly MaintenanceWindow[], client: PrometheusClient, period: Period, now: number): Promise<SloFigures[]> {
  const end = Math.min(period.end, Math.floor(now / STEP_SECONDS) * STEP_SECONDS);
  if (end <= period.start) return [];
  const alerts = alertQueries(slo, end - period.start);
  const [whole, firingMinutes, firings, days] = await Promise.all([
    readCounts(slo, maintenance, client, period.start, end),
    client.query(alerts.firingMinutes, end),
    client.query(alerts.firings, end),
    Promise.all(daysOf(period.start, end, period.timezone).map(async (day) => ({ day, counts: await readCounts(slo, maintenance, client, day.start, day.end) }))),
  ]);
  const result: SloFigures[] = [];
  for (const [key, counts] of whole.groups) {
    if (!(counts.total > 0)) continue;
    const figures = periodFigures(slo, { ...counts, steps: whole.measuredSeconds / STEP_SECONDS }, whole.measuredSeconds);
    // Each day on its own, and the period up to its end from the days' sums.
    const toDate = { errors: 0, total: 0, coveredSteps: 0, seconds: 0 };
    const course = days.flatMap(({ day, counts: { groups, measuredSeconds } }): DayCourse[] => {
      const ofDay = groups.get(key);
      if (!ofDay || !(ofDay.total > 0)) return [];
      toDate.errors += ofDay.errors;
      toDate.total += ofDay.total;
      toDate.coveredSteps += ofDay.coveredSteps;
      toDate.seconds += measuredSeconds;
      const { sliPercent, badSeconds } = periodFigures(slo, { ...ofDay, steps: measuredSeconds / STEP_SECONDS }, measuredSeconds);
      const { sliPercent: toDateSliPercent } = periodFigures(slo, { ...toDate, steps: toDate.seconds / STEP_SECONDS }, toDate.seconds);
      return [{ date: day.date, start: isoUtc(day.start), end: isoUtc(day.end), sliPercent, badSeconds, toDateSliPercent }];
    });
    const worstDays = course.filter((day) => day.badSeconds > 0).map(({ toDateSliPercent: _, ...day }): DayFigures => day);
    // An SLA over a quarter is not judged on a month, nor the reverse.
    const { sla, ...rest } = figures;
    result.push({
      service: slo.service,
      slo: slo.name,
      ...(slo.groupBy.length ? { group: counts.labels } : {}),
      ...rest,
      ...(sla && slo.sla?.calendar === period.kind ? { sla } : {}),
      maintenanceSeconds: whole.maintenanceSeconds,
      days: course,
      worstDays: worstDays.sort((a, b) => b.badSeconds - a.badSeconds || compareCodePoints(a.date, b.date)).slice(0, WORST_DAYS),
      alerts: alertsOf(firingMinutes, firings, slo.groupBy, key),
    });
  }
  return result.sort((a, b) => compareCodePoints(groupKey(a.group ?? {}, slo.groupBy), groupKey(b.group ?? {}, slo.groupBy)));
}

/** The span's counts per group with its maintenance spans read the same way and taken out. */
async function readCounts(slo: Slo, maintenance: readonly MaintenanceWindow[], client: PrometheusClient, start: number, end: number): Promise<SpanCounts> {
  const spans = maintenance.flatMap((window) => spansWithin(window.schedule, start, end));
  const [whole, ...excluded] = await Promise.all([[start, end] as const, ...spans].map(([from, to]) => readGroups(slo, client, from, to)));
  const groups = new Map<string, Counts>();
  for (const [key, counts] of whole!) {
    const out = excluded.map((e) => e.get(key));
    const minus = (field: 'errors' | 'total' | 'coveredSteps') => out.reduce((left, o) => left - (o?.[field] ?? 0), counts[field]);
    groups.set(key, { labels: counts.labels, errors: minus('errors'), total: minus('total'), coveredSteps: minus('coveredSteps') });
  }
  const maintenanceSeconds = spanSeconds(spans);
  return { groups, measuredSeconds: end - start - maintenanceSeconds, maintenanceSeconds };
}

async function readGroups(slo: Slo, client: PrometheusClient, start: number, end: number): Promise<Map<string, Counts>> {
  const queries = periodQueries(slo, end - start);
  const [errors, total, coveredSteps] = await Promise.all([queries.errors, queries.total, queries.coveredSteps].map((q) => client.query(q, end)));
  const groups = new Map<string, Counts>();
  const valueOf = (samples: readonly Sample[], key: string) => {
    const value = samples.find((s) => groupKey(s.metric, slo.groupBy) === key)?.value;
    return value === undefined || Number.isNaN(value) ? 0 : value;
  };
  for (const sample of total!) {
    if (Number.isNaN(sample.value)) continue;
    const key = groupKey(sample.metric, slo.groupBy);
    const labels = Object.fromEntries(slo.groupBy.map((label) => [label, sample.metric[label] ?? '']));
    groups.set(key, { labels, errors: valueOf(errors!, key), total: sample.value, coveredSteps: valueOf(coveredSteps!, key) });
  }
  return groups;
}

function groupKey(labels: Labels, groupBy: readonly string[]): string {
  return JSON.stringify(groupBy.map((label) => labels[label] ?? ''));
}

function alertsOf(minutes: readonly Sample[], firings: readonly Sample[], groupBy: readonly string[], key: string): AlertFiring[] {
  const same = (a: Sample, b: Sample) => a.metric.alertname === b.metric.alertname && a.metric.severity === b.metric.severity && groupKey(a.metric, groupBy) === groupKey(b.metric, groupBy);
  return minutes
    .filter((s) => groupKey(s.metric, groupBy) === key)
    .map((s) => ({ alertname: s.metric.alertname ?? '', severity: s.metric.severity ?? '', firings: firings.find((f) => same(f, s))?.value ?? 0, firingMinutes: s.value * (STEP_SECONDS / 60) }))
    .sort((a, b) => b.firingMinutes - a.firingMinutes || compareCodePoints(a.alertname, b.alertname) || compareCodePoints(a.severity, b.severity));
}

function reportPeriod(period: Period, now: number): ReportPeriod {
  const base = { kind: period.kind, label: period.label, start: isoUtc(period.start), end: isoUtc(period.end), timezone: period.timezone };
  return now < period.end ? { ...base, asOf: isoUtc(Math.floor(now / STEP_SECONDS) * STEP_SECONDS) } : base;
}
