/**
 * The report as one self-contained HTML page for a customer-facing monthly review: the figures
 * table, the credits owed, and per SLO an inline SVG chart of the period-to-date SLI day by day
 * against the SLO and SLA objectives. No scripts, no external assets; every text escaped.
 */
import type { Report } from './read.ts';
import type { DayCourse, SloFigures } from './figures.ts';
import { describePeriod, minutes, sloName } from './labels.ts';
import { formatNumber, formatRounded } from '../model/number.ts';

const WIDTH = 720;
const HEIGHT = 240;
const MARGIN = { top: 16, right: 120, bottom: 28, left: 64 };

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 960px; color: #1f2328; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.breached { color: #b42318; font-weight: 600; }
.met { color: #1a7f37; }
svg text { font-size: 11px; fill: #57606a; }
`;

/** `&`, `<`, `>`, `"` and `'` as character references: safe in text and in quoted attributes alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function htmlReport(report: Report): string {
  const title = `SLO report for ${report.period.kind} ${report.period.label}`;
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>${escapeHtml(describePeriod(report.period))}</p>`,
    figuresTable(report.slos),
    ...report.slos.map(section),
  ];
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n${body.join('\n')}\n</body>\n</html>\n`;
}

function figuresTable(slos: readonly SloFigures[]): string {
  const header = ['SLO', 'SLI', 'objective', 'budget spent', 'bad time', 'data coverage', 'maintenance', 'SLA', 'credit owed'];
  const rows = slos.map((slo) => {
    const sla = slo.sla ? `<span class="${slo.sla.met ? 'met' : 'breached'}">${formatNumber(slo.sla.objectivePercent)}% ${slo.sla.met ? 'met' : 'breached'}</span>` : '—';
    const cells = [
      escapeHtml(sloName(slo)),
      `${formatRounded(slo.sliPercent)}%`,
      `${formatNumber(slo.objectivePercent)}%`,
      `${formatRounded(slo.budgetSpent * 100)}%`,
      minutes(slo.badSeconds),
      `${formatRounded(slo.dataCoverage * 100)}%`,
      slo.maintenanceSeconds ? minutes(slo.maintenanceSeconds) : '—',
      sla,
      slo.sla ? `${formatNumber(slo.sla.creditPercent)}%` : '—',
    ];
    return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  return `<table>\n<thead><tr>${header.map((h) => `<th>${h}</th>`).join('')}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

function section(slo: SloFigures): string {
  const parts = [`<section>`, `<h2>${escapeHtml(sloName(slo))}</h2>`, chart(slo)];
  if (slo.worstDays.length) {
    parts.push('<h3>Worst days</h3>', `<table>\n<thead><tr><th>day</th><th>SLI</th><th>bad time</th></tr></thead>\n<tbody>`);
    for (const day of slo.worstDays) parts.push(`<tr><td>${escapeHtml(day.date)}</td><td>${formatRounded(day.sliPercent)}%</td><td>${minutes(day.badSeconds)}</td></tr>`);
    parts.push('</tbody>\n</table>');
  }
  if (slo.alerts.length) {
    parts.push('<h3>Alerts that fired</h3>', `<table>\n<thead><tr><th>alert</th><th>severity</th><th>firings</th><th>firing</th></tr></thead>\n<tbody>`);
    for (const a of slo.alerts) parts.push(`<tr><td>${escapeHtml(a.alertname)}</td><td>${escapeHtml(a.severity)}</td><td>${formatNumber(a.firings)}</td><td>${formatNumber(a.firingMinutes)} min</td></tr>`);
    parts.push('</tbody>\n</table>');
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** The period-to-date SLI at each day's end, with the SLO's and the SLA's objective as lines. */
function chart(slo: SloFigures): string {
  const days = slo.days;
  const lines = [{ label: `SLO ${formatNumber(slo.objectivePercent)}%`, value: slo.objectivePercent, dash: '6 3' }, ...(slo.sla ? [{ label: `SLA ${formatNumber(slo.sla.objectivePercent)}%`, value: slo.sla.objectivePercent, dash: '2 3' }] : [])];
  const values = [...days.map((d) => d.toDateSliPercent), ...lines.map((l) => l.value)];
  // From a little below the lowest value to 100%, so the objectives and the course always show.
  const low = Math.min(...values);
  const bottom = Math.max(0, low - Math.max(0.05, (100 - low) * 0.1));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (index: number) => MARGIN.left + (days.length > 1 ? (index / (days.length - 1)) * plotWidth : plotWidth / 2);
  const y = (percent: number) => MARGIN.top + ((100 - percent) / (100 - bottom)) * plotHeight;
  const coordinate = (value: number) => formatNumber(Math.round(value * 10) / 10);
  const label = `${sloName(slo)}: SLI to date by day against its objectives`;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(label)}">`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#d0d7de"/>`,
    `<text x="${MARGIN.left - 6}" y="${MARGIN.top + 4}" text-anchor="end">100%</text>`,
    `<text x="${MARGIN.left - 6}" y="${MARGIN.top + plotHeight}" text-anchor="end">${formatRounded(bottom)}%</text>`,
  ];
  for (const line of lines) {
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${coordinate(y(line.value))}" y2="${coordinate(y(line.value))}" stroke="#b42318" stroke-dasharray="${line.dash}"/>`);
    parts.push(`<text x="${MARGIN.left + plotWidth + 6}" y="${coordinate(y(line.value) + 4)}">${escapeHtml(line.label)}</text>`);
  }
  if (days.length) {
    const points = days.map((day, i) => `${coordinate(x(i))},${coordinate(y(day.toDateSliPercent))}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="#0969da" stroke-width="2"/>`);
    parts.push(...days.map((day, i) => `<circle cx="${coordinate(x(i))}" cy="${coordinate(y(day.toDateSliPercent))}" r="2.5" fill="#0969da"><title>${escapeHtml(dayTitle(day))}</title></circle>`));
    parts.push(`<text x="${MARGIN.left}" y="${HEIGHT - 8}">${escapeHtml(days[0]!.date)}</text>`);
    parts.push(`<text x="${MARGIN.left + plotWidth}" y="${HEIGHT - 8}" text-anchor="end">${escapeHtml(days.at(-1)!.date)}</text>`);
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function dayTitle(day: DayCourse): string {
  return `${day.date}: ${formatRounded(day.toDateSliPercent)}% to date; that day ${formatRounded(day.sliPercent)}%, ${minutes(day.badSeconds)} bad`;
}
