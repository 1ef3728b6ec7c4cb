/** A backtest as text, as markdown for a pull-request comment, or as JSON (keys fixed by the design). */
import { formatDuration } from '../model/duration.ts';
import type { AlertFirings, Backtest } from './replay.ts';
import { iso } from './time.ts';

export type BacktestFormat = 'text' | 'markdown' | 'json';

export function formatBacktest(result: Backtest, format: BacktestFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(toJson(result), null, 2)}\n`;
    case 'markdown':
      return markdown(result);
    case 'text':
      return text(result);
  }
}

export function toJson(result: Backtest) {
  return {
    start: iso(result.start),
    end: iso(result.end),
    step: formatDuration(result.step),
    alerts: result.alerts.map((a) => ({ alertname: a.alertname, labels: a.labels, firings: a.firings.map((f) => ({ start: iso(f.start), end: iso(f.end) })), firingSeconds: a.firingSeconds })),
  };
}

/** `fraiseql/availability ErrorBudgetBurn critical 1h/5m`: which alert, in the words a pager shows. */
export function alertTitle(alert: Pick<AlertFirings, 'alertname' | 'labels'>): string {
  const { service, slo, severity, long_window: long, short_window: short } = alert.labels;
  return [[service, slo].filter(Boolean).join('/'), alert.alertname, severity, long && short ? `${long}/${short}` : undefined].filter(Boolean).join(' ');
}

export function times(count: number): string {
  return `${count} ${count === 1 ? 'time' : 'times'}`;
}

export function spell(seconds: number): string {
  return seconds === 0 ? '0m' : formatDuration(seconds);
}

function text(result: Backtest): string {
  const lines = [`Backtest ${iso(result.start)} to ${iso(result.end)}, rules evaluated every ${spell(result.step)} (groups with an interval of their own at theirs):`];
  for (const alert of result.alerts) {
    lines.push(`${alertTitle(alert)}: ${alert.firings.length === 0 ? 'would not have fired' : `would have fired ${times(alert.firings.length)}, ${spell(alert.firingSeconds)} in all`}`);
    for (const f of alert.firings) lines.push(`    ${iso(f.start)} to ${iso(f.end)} (${spell(f.end - f.start)})`);
  }
  return `${lines.join('\n')}\n`;
}

function markdown(result: Backtest): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `### sloforge backtest: ${iso(result.start)} to ${iso(result.end)}`,
    '',
    '| alert | fired | firing time | first firing |',
    '|---|---|---|---|',
    ...result.alerts.map((a) => `| \`${cell(alertTitle(a))}\` | ${times(a.firings.length)} | ${spell(a.firingSeconds)} | ${a.firings[0] ? iso(a.firings[0].start) : '—'} |`),
    '',
  ];
  return lines.join('\n');
}
