/** The report as text for a terminal, markdown for tickets and PRs, JSON for tools (keys fixed by DESIGN.md), HTML for a monthly review. */
import type { Report } from './read.ts';
import type { SloFigures } from './figures.ts';
import { toJson } from '../output/serialize.ts';
import { formatNumber, formatRounded } from '../model/number.ts';
import { describePeriod, minutes, sloName } from './labels.ts';
import { htmlReport } from './html.ts';

export type ReportFormat = 'text' | 'markdown' | 'json' | 'html';

export function formatReport(report: Report, format: ReportFormat): string {
  if (format === 'json') return toJson(report);
  if (format === 'html') return htmlReport(report);
  return format === 'markdown' ? markdown(report) : text(report);
}

function text(report: Report): string {
  const lines = [`SLO report for ${describePeriod(report.period)}`, ''];
  for (const slo of report.slos) {
    lines.push(`${sloName(slo)}${slo.period ? ` (${describePeriod(slo.period)})` : ''}`);
    for (const [name, value] of rows(slo)) lines.push(`  ${`${name}:`.padEnd(18)}${value}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Text from Prometheus (group values, alert names) inside a table cell: a pipe would end the cell. */
const cell = (text: string) => text.replace(/\|/g, '\\|');

function markdown(report: Report): string {
  const lines = [`## SLO report for ${describePeriod(report.period)}`, ''];
  lines.push('| SLO | SLI | objective | budget spent | bad time | data coverage | SLA | credit |', '|---|---|---|---|---|---|---|---|');
  for (const slo of report.slos) {
    const sla = slo.sla ? `${formatNumber(slo.sla.objectivePercent)}% ${slo.sla.met ? 'met' : '**breached**'}` : '—';
    const credit = slo.sla ? `${formatNumber(slo.sla.creditPercent)}%` : '—';
    lines.push(`| ${cell(sloName(slo))} | ${formatRounded(slo.sliPercent)}% | ${formatNumber(slo.objectivePercent)}% | ${formatRounded(slo.budgetSpent * 100)}% | ${minutes(slo.badSeconds)} | ${formatRounded(slo.dataCoverage * 100)}% | ${sla} | ${credit} |`);
  }
  const maintained = report.slos.filter((s) => s.maintenanceSeconds);
  if (maintained.length) {
    lines.push('', 'Maintenance windows are left out of every figure:', '');
    for (const slo of maintained) lines.push(`- ${sloName(slo)}: ${minutes(slo.maintenanceSeconds)}`);
  }
  const bad = report.slos.filter((s) => s.worstDays.length);
  if (bad.length) {
    lines.push('', '### Worst days', '', '| SLO | day | SLI | bad time |', '|---|---|---|---|');
    for (const slo of bad) for (const day of slo.worstDays) lines.push(`| ${cell(sloName(slo))} | ${day.date} | ${formatRounded(day.sliPercent)}% | ${minutes(day.badSeconds)} |`);
  }
  const fired = report.slos.filter((s) => s.alerts.length);
  if (fired.length) {
    lines.push('', '### Alerts that fired', '', '| SLO | alert | severity | firings | firing |', '|---|---|---|---|---|');
    for (const slo of fired) for (const a of slo.alerts) lines.push(`| ${cell(sloName(slo))} | ${cell(a.alertname)} | ${cell(a.severity)} | ${formatNumber(a.firings)} | ${formatNumber(a.firingMinutes)} min |`);
  }
  return `${lines.join('\n')}\n`;
}

function rows(slo: SloFigures): [string, string][] {
  const result: [string, string][] = [
    ['SLI', `${formatRounded(slo.sliPercent)}% (objective ${formatNumber(slo.objectivePercent)}%)`],
    ['budget spent', `${formatRounded(slo.budgetSpent * 100)}%`],
    ['bad time', minutes(slo.badSeconds)],
    ['data coverage', `${formatRounded(slo.dataCoverage * 100)}%`],
  ];
  if (slo.maintenanceSeconds) result.push(['maintenance', `${minutes(slo.maintenanceSeconds)} left out of every figure`]);
  if (slo.sla) {
    result.push(['SLA', `${formatNumber(slo.sla.objectivePercent)}% ${slo.sla.met ? 'met' : 'BREACHED'} (missing data counts as ${slo.sla.missingData === 'ignore' ? 'neither' : slo.sla.missingData})`]);
    result.push(['credit owed', `${formatNumber(slo.sla.creditPercent)}%`]);
  }
  for (const day of slo.worstDays) result.push(['worst day', `${day.date}: ${minutes(day.badSeconds)} bad (SLI ${formatRounded(day.sliPercent)}%)`]);
  for (const alert of slo.alerts) result.push(['alert', `${alert.alertname} (${alert.severity}) fired ${formatNumber(alert.firings)}×, ${formatNumber(alert.firingMinutes)} min in all`]);
  return result;
}
