/** Small checks and conversions every part of the config-to-model mapping shares. */
import type { DiagnosticList, Path } from './diagnostics.ts';
import type { Labels as LabelsConfig } from './types.ts';
import { formatDuration, parseDuration } from '../model/duration.ts';
import { NO_DATA_ALERT_NAME, RESERVED_LABELS, SLI_BROKEN_ALERT_NAME } from '../model/conventions.ts';
import type { Labels, Selector, Window } from '../model/slo.ts';
import { parseSelector } from './promql.ts';
import { RecentValues } from '../model/recent-values.ts';

export type { Path };

/** A duration in its canonical spelling (`60m` is `1h`, `1440m` is `1d`), so equal windows are one window and one recorded series. */
export function window(text: string): Window {
  return windows.get(text, () => {
    const seconds = parseDuration(text);
    return seconds === undefined ? { text, seconds: 0 } : windowOfSeconds(seconds);
  });
}
/** Every SLO's tiers spell the same few windows. */
const windows = new RecentValues<string, Window>(256);

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
    else if (value !== undefined) checkLabelValue(value, [...path, name], problems);
  }
}

/** A value that becomes an alert label (a label's, a severity): Prometheus expands those as templates, and drops empty ones. */
export function checkLabelValue(value: string, path: Path, problems: DiagnosticList): void {
  if (/\{\{|\}\}/.test(value)) problems.add(path, 'label values may not contain "{{" or "}}": Prometheus would run them as a template');
  else if (value === '') problems.add(path, 'label values may not be empty: Prometheus drops a label whose value is empty');
}

/** Every `severity` of the config, wherever it is written: it is the alert's severity label. */
export function checkSeverities(value: unknown, path: Path, problems: DiagnosticList): void {
  if (Array.isArray(value)) value.forEach((item, i) => checkSeverities(item, [...path, i], problems));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'severity' && typeof child === 'string') checkLabelValue(child, [...path, key], problems);
      else checkSeverities(child, [...path, key], problems);
    }
  }
}

/** The alerts sloforge raises of its own for every SLO: a user's alert of the same name would be taken for them in the generated tests. */
const OWN_ALERT_NAMES: readonly string[] = [NO_DATA_ALERT_NAME, SLI_BROKEN_ALERT_NAME];

export function checkAlertName(name: string | undefined, path: Path, problems: DiagnosticList): void {
  if (name !== undefined && OWN_ALERT_NAMES.includes(name)) problems.add(path, `"${name}" is the name of sloforge's own alert; reserved: ${OWN_ALERT_NAMES.join(', ')}`);
}

/**
 * Every duration the schema let through that a consumer would still refuse (`5m1h`,
 * `1h1h`), or that is longer than the field's bound in DURATION_BOUNDS.
 */
export function checkDurations(value: unknown, path: Path, problems: DiagnosticList): void {
  if (Array.isArray(value)) value.forEach((item, i) => checkDurations(item, [...path, i], problems));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const bound = DURATION_BOUNDS[key];
      if (typeof child === 'string' && bound && child !== '0s') {
        const seconds = parseDuration(child);
        if (seconds === undefined) problems.add([...path, key], `must be a duration with each unit once, largest first ("1h30m", not "30m1h"), got "${child}"`);
        else if (seconds > bound.seconds) problems.add([...path, key], `must be at most ${bound.text} (${bound.why}), got "${child}"`);
      } else checkDurations(child, [...path, key], problems);
    }
  }
}

const DAY = 86400;
/**
 * The longest each duration field may be, for the consumer that reads it. Go's
 * time.Duration ends at 292 years, so nothing may go past it; the rest are tighter where
 * a consumer or the generated tests need it.
 */
const DURATION_BOUNDS: Readonly<Record<string, { seconds: number; text: string; why: string }>> = {
  period: { seconds: 366 * DAY, text: '366d', why: 'an SLO period is at most a year' },
  longWindow: { seconds: 366 * DAY, text: '366d', why: 'no window is longer than a period' },
  shortWindow: { seconds: 366 * DAY, text: '366d', why: 'no window is longer than a period' },
  window: { seconds: DAY, text: '1d', why: 'a threshold alert reads raw samples over it' },
  for: { seconds: DAY, text: '1d', why: 'the generated promtool tests simulate it minute by minute' },
  interval: { seconds: 3600, text: '1h', why: 'Prometheus marks a series stale after 5m without a sample; hourly scrapes are the most it can use' },
  scrapeInterval: { seconds: 3600, text: '1h', why: 'Prometheus marks a series stale after 5m without a sample; hourly scrapes are the most it can use' },
  timeout: { seconds: 3600, text: '1h', why: 'a timeout is at most its interval' },
  scrapeTimeout: { seconds: 3600, text: '1h', why: 'a timeout is at most its interval' },
  evaluationInterval: { seconds: 3600, text: '1h', why: 'rules evaluated less often than hourly leave the recorded rates stale' },
  longWindowInterval: { seconds: 3600, text: '1h', why: 'the long windows are read from recorded rates' },
  groupWait: { seconds: DAY, text: '1d', why: 'Alertmanager holds a first notification at most that long' },
  groupInterval: { seconds: 366 * DAY, text: '366d', why: "Alertmanager's durations end at 292 years; a year is past any use" },
  repeatInterval: { seconds: 366 * DAY, text: '366d', why: "Alertmanager's durations end at 292 years; a year is past any use" },
};

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

export { checkTemplate, checkTemplates } from './template.ts';
