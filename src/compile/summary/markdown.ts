/**
 * The one way config text enters SUMMARY.md: as escaped prose or as a code span, so
 * that a description holding Markdown (`## x`, `|`, backticks, a link) reads as the text
 * it is and cannot open a section, a table or a link of its own.
 */

/** What opens emphasis, code, a link, an image, HTML, an entity, a heading, a table cell or a strikethrough anywhere in a line. */
const INLINE_SYNTAX = /[\\`*_[\]<>#|~!&]/g;

/** Config text as one line of literal prose, valid at the start of a line and inside a table cell. */
export function prose(text: string): string {
  const escaped = text.replace(/\s+/g, ' ').trim().replace(INLINE_SYNTAX, (c) => `\\${c}`);
  // A list item, a setext underline or an ordered list opens only at the start of a line.
  return escaped.replace(/^[-+=]/, (c) => `\\${c}`).replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * Config text as a code span (PromQL, a selector): fenced by a backtick run longer than any inside it, and
 * with GFM's `\|` for pipes, which a table splits on even inside code.
 */
export function code(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  const longest = Math.max(0, ...[...oneLine.matchAll(/`+/g)].map(([run]) => run.length));
  const fence = '`'.repeat(longest + 1);
  const padded = /^`|`$/.test(oneLine) ? ` ${oneLine} ` : oneLine;
  return `${fence}${padded.replace(/\|/g, '\\|')}${fence}`;
}
