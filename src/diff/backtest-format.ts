/** The backtest lines of a diff report: "would have paged 1 time instead of 4 in the last 30d". */
import { iso, spell, times } from '../backtest/index.ts';
import type { AlertBacktest, DiffBacktest, FiringTotals, SloBudget } from './backtest.ts';

/** Page severities say "paged"; the others "fired". */
const PAGE_SEVERITIES = new Set(['critical', 'page']);

export function alertLine(alert: AlertBacktest, range: string): string {
  const verb = PAGE_SEVERITIES.has(alert.severity ?? '') ? 'paged' : 'fired';
  const during = `in the last ${range}`;
  const time = (t: FiringTotals) => spell(t.seconds);
  if (alert.old && alert.new) {
    if (alert.old.count === alert.new.count) {
      const firing = alert.old.seconds === alert.new.seconds ? `firing ${time(alert.new)}` : `firing ${time(alert.new)} instead of ${time(alert.old)}`;
      return `${alert.subject}: would have ${verb} ${times(alert.new.count)} ${during}, as before (${firing})`;
    }
    return `${alert.subject}: would have ${verb} ${times(alert.new.count)} instead of ${alert.old.count} ${during} (firing ${time(alert.new)} instead of ${time(alert.old)})`;
  }
  if (alert.new) return `${alert.subject} (new): would have ${verb} ${times(alert.new.count)} ${during} (firing ${time(alert.new)})`;
  return `${alert.subject} (removed): ${verb} ${times(alert.old!.count)} ${during} (firing ${time(alert.old!)}); now it never would`;
}

export function budgetLine(slo: SloBudget, range: string): string {
  const percent = (fraction: number) => `${(fraction * 100).toFixed(1).replace(/\.0$/, '')}%`;
  const spent = (fraction: number) => `${percent(fraction)} of its error budget`;
  if (slo.old !== undefined && slo.new !== undefined && percent(slo.old) !== percent(slo.new)) return `${slo.subject}: the last ${range} spent ${spent(slo.new)} under the new objective, ${percent(slo.old)} under the old`;
  const value = slo.new ?? slo.old!;
  return `${slo.subject}: the last ${range} spent ${spent(value)}${slo.new === undefined ? ' (removed SLO)' : slo.old === undefined ? ' (new SLO)' : ''}`;
}

export function backtestText(backtest: DiffBacktest): string[] {
  return [
    `Backtest on the server's data, ${iso(backtest.start)} to ${iso(backtest.end)}:`,
    ...(backtest.alerts.length === 0 ? ['  no alert rule changed'] : backtest.alerts.map((a) => `  ${alertLine(a, backtest.range)}`)),
    ...backtest.slos.map((s) => `  ${budgetLine(s, backtest.range)}`),
  ];
}

export function backtestMarkdown(backtest: DiffBacktest): string[] {
  const code = (line: string, subject: string) => line.replace(subject, `\`${subject}\``);
  return [
    '',
    `#### Backtest on the last ${backtest.range} of data (${iso(backtest.start)} to ${iso(backtest.end)})`,
    '',
    ...(backtest.alerts.length === 0 ? ['- No alert rule changed.'] : backtest.alerts.map((a) => `- ${code(alertLine(a, backtest.range), a.subject)}`)),
    ...backtest.slos.map((s) => `- ${code(budgetLine(s, backtest.range), s.subject)}`),
    '',
  ];
}

export function backtestJson(backtest: DiffBacktest) {
  return { range: backtest.range, start: iso(backtest.start), end: iso(backtest.end), alerts: backtest.alerts, slos: backtest.slos };
}
