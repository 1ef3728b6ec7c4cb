/**
 * Text that YAML, Prometheus, Alertmanager and Grafana all carry unchanged: no control
 * characters but tab and newline, no lone UTF-16 surrogates. The one rule every string of
 * a config (and every string a PromQL literal decodes to) is held to.
 */

/** C0 controls but tab and newline, DEL, C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;

/** Why a string cannot be carried, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  const surrogate = /\p{Cs}/u.exec(text);
  if (surrogate) return `holds a lone UTF-16 surrogate (character ${[...text.slice(0, surrogate.index)].length + 1}), which no UTF-8 file can hold; write the whole character`;
  const control = CONTROL.exec(text);
  if (control) {
    return `holds the control character ${escapeText(control[0])} (character ${[...text.slice(0, control.index)].length + 1}); YAML and Prometheus carry text, tabs and newlines only`;
  }
  return undefined;
}

/** Control characters and lone surrogates as `\uXXXX`; tabs and newlines, which lay out a message and cannot drive a terminal, stay. */
export function escapeText(text: string): string {
  return text.replace(/[^\P{Cc}\t\n]|\p{Cs}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
