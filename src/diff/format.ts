/** A diff report as plain or coloured text, as markdown for a pull-request comment, or as JSON for tools. */
import type { Change, Sensitivity } from './compare.ts';
import type { DiffReport } from './index.ts';
import { backtestJson, backtestMarkdown, backtestText } from './backtest-format.ts';

export type Format = 'text' | 'markdown' | 'json';

const MARK: Record<Sensitivity, string> = { less: 'less sensitive', more: 'more sensitive', neutral: 'changed' };

export function formatReport({ notes, changes, backtest }: DiffReport, format: Format, colour = false): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ notes, lessSensitive: count(changes, 'less'), moreSensitive: count(changes, 'more'), changes, ...(backtest ? { backtest: backtestJson(backtest) } : {}) }, null, 2)}\n`;
    case 'markdown':
      return markdown(notes, changes) + (backtest ? backtestMarkdown(backtest).join('\n') : '');
    case 'text':
      return text(notes, changes, colour) + (backtest ? `${backtestText(backtest).join('\n')}\n` : '');
  }
}

/** The changes that make `--fail-on less-sensitive` fail, one line each, to say why it did. */
export function lessSensitiveReasons(changes: readonly Change[]): string {
  const less = changes.filter((c) => c.sensitivity === 'less');
  return `--fail-on less-sensitive: ${less.length} ${less.length === 1 ? 'change makes' : 'changes make'} alerting less sensitive:\n${less.map((c) => `  ${c.subject}: ${c.summary}\n`).join('')}`;
}

function count(changes: readonly Change[], sensitivity: Sensitivity): number {
  return changes.filter((c) => c.sensitivity === sensitivity).length;
}

function headline(changes: readonly Change[]): string {
  if (changes.length === 0) return 'No change to alerting, recording rules, scraping, routing or dashboards.';
  return `${changes.length} changes: ${count(changes, 'less')} less sensitive, ${count(changes, 'more')} more sensitive, ${count(changes, 'neutral')} other.`;
}

function text(notes: readonly string[], changes: readonly Change[], colour: boolean): string {
  const paint = (sensitivity: Sensitivity, s: string) => (!colour ? s : sensitivity === 'less' ? `\x1b[31m${s}\x1b[0m` : sensitivity === 'more' ? `\x1b[32m${s}\x1b[0m` : `\x1b[33m${s}\x1b[0m`);
  const lines = [...notes, headline(changes)];
  for (const change of changes) {
    lines.push(`${paint(change.sensitivity, `[${MARK[change.sensitivity]}]`)} ${change.subject}: ${change.summary}`);
    if (change.before !== undefined) lines.push(`    before: ${change.before.replace(/\n/g, ' ')}`, `    after:  ${change.after?.replace(/\n/g, ' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

function markdown(notes: readonly string[], changes: readonly Change[]): string {
  const icon: Record<Sensitivity, string> = { less: '🔻 less sensitive', more: '🔺 more sensitive', neutral: '✏️ changed' };
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const alerting = changes.filter((c) => c.kind === 'slo' || c.kind === 'tier' || c.kind === 'alert' || c.sensitivity !== 'neutral');
  const other = changes.filter((c) => !alerting.includes(c));
  const lines = ['### sloforge: alerting changes', '', ...notes.flatMap((note) => [`> ${note}`, '']), headline(changes), ''];
  if (alerting.length) {
    lines.push('| | what | change |', '|---|---|---|', ...alerting.map((c) => `| ${icon[c.sensitivity]} | \`${cell(c.subject)}\` | ${cell(c.summary)} |`), '');
  }
  const expressions = changes.filter((c) => c.before !== undefined);
  if (expressions.length) {
    lines.push('<details><summary>Changed expressions</summary>', '');
    for (const c of expressions) lines.push(`**${c.subject}**`, '', '```promql', `# before`, c.before!, `# after`, c.after!, '```', '');
    lines.push('</details>', '');
  }
  if (other.length) {
    lines.push(`<details><summary>Other changes (${other.length}): recording rules, scraping, routing, dashboards</summary>`, '');
    lines.push(...other.map((c) => `- \`${c.subject}\`: ${c.summary}`), '', '</details>', '');
  }
  return `${lines.join('\n')}`;
}
