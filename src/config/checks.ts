/** Small checks and conversions every part of the config-to-model mapping shares. */
import type { DiagnosticList, Path } from './diagnostics.ts';
import type { Labels as LabelsConfig } from './types.ts';
import { formatDuration, parseDuration } from '../model/duration.ts';
import { RESERVED_LABELS } from '../model/conventions.ts';
import type { Labels, Selector, Window } from '../model/slo.ts';
import { parseSelector } from './promql.ts';

export type { Path };

export function window(text: string): Window {
  return { text, seconds: parseDuration(text) ?? 0 };
}

export function windowOfSeconds(seconds: number): Window {
  return { text: formatDuration(seconds), seconds };
}

export function checkUnique(names: readonly string[], path: Path, what: string, problems: DiagnosticList): void {
  names.forEach((name, index) => {
    const first = names.indexOf(name);
    if (first !== index) problems.add([...path, index, 'name'], `duplicate ${what} name "${name}" (also at ${problems.name([...path, first])})`);
  });
}

/** Label names, and the values where there are some (a groupBy list has none). */
export function checkLabelNames(labels: LabelsConfig | readonly string[] | undefined, path: Path, problems: DiagnosticList): void {
  const entries: [string, string | undefined][] = Array.isArray(labels) ? labels.map((name) => [name, undefined]) : Object.entries(labels ?? {});
  for (const [name, value] of entries) {
    if (RESERVED_LABELS.includes(name)) problems.add([...path, name], `label "${name}" is set by sloforge; reserved: ${RESERVED_LABELS.join(', ')}`);
    else if (name.startsWith('__')) problems.add([...path, name], `label names starting with "__" are reserved by Prometheus`);
    else if (value === undefined) continue;
    // Prometheus expands alert label values as Go templates.
    else if (/\{\{|\}\}/.test(value)) problems.add([...path, name], 'label values may not contain "{{" or "}}": Prometheus would run them as a template');
    else if (value === '') problems.add([...path, name], 'label values may not be empty: Prometheus drops a label whose value is empty');
  }
}

/** Every duration the schema let through that Prometheus would still refuse (`5m1h`, `1h1h`). */
export function checkDurations(value: unknown, path: Path, problems: DiagnosticList): void {
  if (Array.isArray(value)) value.forEach((item, i) => checkDurations(item, [...path, i], problems));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (typeof child === 'string' && DURATION_KEYS.has(key) && child !== '0s' && parseDuration(child) === undefined) {
        problems.add([...path, key], `must be a duration with each unit once, largest first ("1h30m", not "30m1h"), got "${child}"`);
      } else checkDurations(child, [...path, key], problems);
    }
  }
}

const DURATION_KEYS = new Set(['period', 'longWindow', 'shortWindow', 'for', 'interval', 'timeout', 'scrapeInterval', 'scrapeTimeout', 'evaluationInterval', 'longWindowInterval', 'groupWait', 'groupInterval', 'repeatInterval', 'window']);

export function sortLabels(labels: LabelsConfig): Labels {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function byName<T extends { name: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A selector from the config, or a placeholder after reporting why it is not one. */
export function selectorAt(text: string, path: Path, problems: DiagnosticList): Selector {
  const parsed = parseSelector(text);
  if (parsed.ok) return parsed.value;
  problems.add(path, parsed.message);
  return { metric: 'invalid', matchers: [] };
}

/** Seconds from a duration string or a plain number of seconds. */
export function secondsAt(value: string | number, path: Path, problems: DiagnosticList): number {
  const seconds = typeof value === 'number' ? value : parseDuration(value);
  if (seconds === undefined || !(seconds > 0)) {
    problems.add(path, `must be a duration such as "100ms" or a number of seconds above 0, got ${JSON.stringify(value)}`);
    return 1;
  }
  return seconds;
}

/**
 * Annotation text that Prometheus expands as a Go template: a `{{` never closed or an
 * `{{ end }}` without its block makes Prometheus refuse the whole rule file. Outside
 * actions everything is text, a lone `}}` included; inside, quoted strings and comments
 * may hold braces.
 */
export function checkTemplate(text: string | undefined, path: Path, problems: DiagnosticList): void {
  if (text === undefined) return;
  let depth = 0;
  for (let open = text.indexOf('{{'); open >= 0; ) {
    const end = actionEnd(text, open + 2);
    if (end < 0) {
      problems.add(path, `is an alert template with "{{" at column ${open + 1} that no "}}" closes`);
      return;
    }
    const action = text.slice(open + 2, end).replace(/^-?\s*/, '');
    if (/^(if|range|with|define|block)\b/.test(action)) depth++;
    else if (/^end\b/.test(action) && --depth < 0) {
      problems.add(path, `is an alert template with "{{ end }}" at column ${open + 1} that ends no "{{ if }}", "{{ range }}" or "{{ with }}"`);
      return;
    }
    open = text.indexOf('{{', end + 2);
  }
  if (depth > 0) problems.add(path, 'is an alert template with an "{{ if }}", "{{ range }}" or "{{ with }}" that no "{{ end }}" closes');
}

/** Where the action begun before `from` ends (its `}}`), past strings and comments; -1 if it does not, or another `{{` comes first. */
function actionEnd(text: string, from: number): number {
  for (let at = from; at < text.length; at++) {
    if (text.startsWith('}}', at)) return at;
    if (text.startsWith('{{', at)) return -1;
    if (text.startsWith('/*', at)) {
      const close = text.indexOf('*/', at + 2);
      if (close < 0) return -1;
      at = close + 1;
    } else if (text[at] === '"' || text[at] === "'" || text[at] === '`') {
      const quote = text[at]!;
      for (at++; at < text.length && text[at] !== quote; at++) if (quote !== '`' && text[at] === '\\') at++;
      if (at >= text.length) return -1;
    }
  }
  return -1;
}

export function checkTemplates(annotations: LabelsConfig | undefined, path: Path, problems: DiagnosticList): void {
  for (const [name, value] of Object.entries(annotations ?? {})) checkTemplate(value, [...path, name], problems);
}
