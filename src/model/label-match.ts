/**
 * Label matching as Prometheus does it: a regex matcher is anchored RE2 (re2js is a port
 * of Go's regexp), and a label a series lacks has the value "". The generated tests use it
 * to know which SLOs a synthetic series feeds, and to find label values a selector accepts.
 */
import { RE2JS } from 're2js';
import type { Labels, LabelMatcher, Selector } from './slo.ts';

const compiled = new Map<string, RE2JS | undefined>();

/** The anchored RE2 regex of a pattern, or undefined where RE2 refuses it (validation has then refused the config). */
function anchored(pattern: string): RE2JS | undefined {
  if (!compiled.has(pattern)) {
    let regex: RE2JS | undefined;
    try {
      regex = RE2JS.compile(`^(?:${pattern})$`);
    } catch {
      regex = undefined;
    }
    compiled.set(pattern, regex);
  }
  return compiled.get(pattern);
}

export function matcherAccepts(matcher: LabelMatcher, value: string): boolean {
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return anchored(matcher.value)?.matches(value) === true;
    case '!~':
      return anchored(matcher.value)?.matches(value) === false;
  }
}

/** Whether the selector selects a series of these labels (`__name__` among them). */
export function selects(selector: Selector, labels: Labels): boolean {
  return labels.__name__ === selector.metric && selector.matchers.every((m) => matcherAccepts(m, labels[m.name] ?? ''));
}

/** Strings worth trying for a label its matchers constrain: their literals, and simple strings their regexes are likely to accept. */
export function candidateValues(matcher: LabelMatcher): string[] {
  if (matcher.op === '=') return [matcher.value];
  if (matcher.op !== '=~') return [];
  return matcher.value.split('|').flatMap((alternative) => {
    const bare = alternative.replace(/^\^|\$$/g, '');
    const literal = bare.replace(/\\(.)/g, '$1');
    // The regex's literal prefix, up to its first operator: "/api" of "/api.*".
    const prefix = /^(?:[^\\.[\]()*+?{}|^$]|\\[^a-zA-Z0-9])*/.exec(bare)![0].replace(/\\(.)/g, '$1');
    const simplified = bare
      .replace(/\\d/g, '0')
      .replace(/\\w/g, 'a')
      .replace(/\\(.)/g, '$1')
      .replace(/\[\^[^\]]*\]/g, 'z')
      .replace(/\[([^\]])[^\]]*\]/g, '$1')
      .replace(/\.\*|\.\?/g, '')
      .replace(/\.\+|\./g, '0')
      .replace(/[()+*?]/g, '');
    return [prefix, literal.replace(/[()]/g, ''), simplified];
  });
}

const FILLERS = ['sloforge', 'test-value', '200', 'ok', '0', 'x', 'a', ''];

/**
 * A value every matcher accepts, trying `preferred` first, then the matchers' own
 * candidates, then fillers; undefined if none of them is accepted.
 */
export function acceptedValue(matchers: readonly LabelMatcher[], preferred: readonly (string | undefined)[] = []): string | undefined {
  const tries = [...preferred, ...matchers.flatMap(candidateValues), ...FILLERS];
  return tries.find((value): value is string => value !== undefined && matchers.every((m) => matcherAccepts(m, value)));
}

/** The value a generated test gives a groupBy label the selectors leave open. */
export const GROUP_TEST_VALUE = 'sloforge-test';

/**
 * The value generated tests give a groupBy label: non-empty (an empty one drops the
 * label), accepted by every matcher on it, GROUP_TEST_VALUE where they allow; undefined
 * if sloforge finds none (validation then refuses the groupBy).
 */
export function groupTestValue(matchers: readonly LabelMatcher[]): string | undefined {
  return acceptedValue([...matchers, { name: '', op: '!=', value: '' }], [GROUP_TEST_VALUE]);
}
