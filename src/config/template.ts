/**
 * Alert templates parsed the way Go's text/template parses them, with the functions and
 * variables Prometheus gives an alert template: an unclosed action, an `{{ end }}` or
 * `{{ else }}` of nothing, an undefined variable or function all make Prometheus refuse
 * the whole rule file, so sloforge refuses the config instead.
 */
import type { DiagnosticList, Path } from './diagnostics.ts';

/** text/template's builtins and Prometheus' template functions (promtool 2.42 accepts each). */
const FUNCTIONS = new Set([
  'and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery', 'eq', 'ge', 'gt', 'le', 'lt', 'ne',
  'query', 'first', 'label', 'value', 'strvalue', 'args', 'reReplaceAll', 'safeHtml', 'match', 'title', 'toUpper', 'toLower', 'graphLink', 'tableLink',
  'sortByLabel', 'humanize', 'humanize1024', 'humanizeDuration', 'humanizePercentage', 'humanizeTimestamp', 'toTime', 'pathPrefix', 'externalURL',
  'parseDuration', 'stripPort', 'stripDomain',
]);
/** Prometheus declares these before every alert template. */
const PROMETHEUS_VARIABLES = ['$', '$labels', '$externalLabels', '$externalURL', '$value'];

/** Who expands a template: the functions and variables it gives one. */
interface Dialect {
  readonly owner: string;
  readonly owners: string;
  readonly functions: ReadonlySet<string>;
  readonly variables: readonly string[];
}
const PROMETHEUS: Dialect = { owner: 'Prometheus', owners: "Prometheus'", functions: FUNCTIONS, variables: PROMETHEUS_VARIABLES };
/** Alertmanager 0.25's notification templates: text/template's builtins and its own few functions; data only as `.`. */
const ALERTMANAGER: Dialect = {
  owner: 'Alertmanager',
  owners: "Alertmanager's",
  functions: new Set(['and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery', 'eq', 'ge', 'gt', 'le', 'lt', 'ne', 'toUpper', 'toLower', 'title', 'join', 'match', 'safeHtml', 'reReplaceAll', 'stringSlice']),
  variables: ['$'],
};
const OPENERS = new Set(['if', 'range', 'with', 'define', 'block']);
const WORDS = new Set(['nil', 'true', 'false', 'else', 'end', 'template', 'break', 'continue', ...OPENERS]);

/** One token of an action: a word, variable, field, literal or punctuation; strings and comments skipped. */
const TOKEN = /\s+|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|`[^`]*`|'(?:[^'\\\n]|\\.)+'|\$[A-Za-z0-9_]*|(?:\.[A-Za-z_][A-Za-z0-9_]*)+|\.|[-+]?(?:0[xXbBoO])?[0-9][0-9a-fA-F_.eEpPi+-]*|[A-Za-z_][A-Za-z0-9_]*|:=|=|\||\(|\)|,/y;

/**
 * Annotation text that Prometheus expands as a Go template. Outside actions everything is
 * text, a lone `}}` included; inside, quoted strings and comments may hold braces.
 */
export function checkTemplate(text: string | undefined, path: Path, problems: DiagnosticList): void {
  if (text === undefined) return;
  const problem = templateProblem(text, PROMETHEUS);
  if (problem) problems.add(path, `is an alert template ${problem}`);
}

/** A receiver's own message template, which Alertmanager expands (and refuses its whole config over). */
export function checkNotificationTemplate(text: string | undefined, path: Path, problems: DiagnosticList): void {
  if (text === undefined) return;
  const problem = templateProblem(text, ALERTMANAGER);
  if (problem) problems.add(path, `is a notification template ${problem}`);
}

export function checkTemplates(annotations: Readonly<Record<string, string>> | undefined, path: Path, problems: DiagnosticList): void {
  for (const [name, value] of Object.entries(annotations ?? {})) checkTemplate(value, [...path, name], problems);
}

interface Block {
  readonly keyword: string;
  /** Variables declared inside it, gone at its end. */
  readonly variables: Set<string>;
}

function templateProblem(text: string, dialect: Dialect): string | undefined {
  const blocks: Block[] = [{ keyword: '', variables: new Set(dialect.variables) }];
  for (let open = text.indexOf('{{'); open >= 0; ) {
    const end = actionEnd(text, open + 2);
    const column = `at column ${open + 1}`;
    if (end < 0) return `with "{{" ${column} that no "}}" closes`;
    const body = text.slice(open + 2, end).replace(/^-\s/, '').replace(/\s-$/, '');
    const problem = actionProblem(body.trim(), blocks, column, dialect);
    if (problem) return problem;
    open = text.indexOf('{{', end + 2);
  }
  const unclosed = blocks.at(-1)!.keyword;
  if (unclosed) return `with an "{{ ${unclosed} }}" that no "{{ end }}" closes`;
  return undefined;
}

function actionProblem(action: string, blocks: Block[], column: string, dialect: Dialect): string | undefined {
  if (/^\/\*[\s\S]*\*\/$/.test(action)) return undefined;
  const tokens = tokenize(action);
  if (typeof tokens === 'string') return `${column}: ${tokens}`;
  if (tokens.length === 0) return `${column}: an empty action "{{ }}" (Go: missing value for command)`;
  const [first] = tokens;
  const inside = (keyword: string) => blocks.some((b) => b.keyword === keyword);
  if (first === 'end') {
    if (tokens.length > 1) return `${column}: "{{ end }}" takes nothing after it`;
    if (blocks.length === 1) return `with "{{ end }}" ${column} that ends no "{{ if }}", "{{ range }}" or "{{ with }}"`;
    blocks.pop();
    return undefined;
  }
  if (first === 'else') {
    const keyword = blocks.at(-1)!.keyword;
    if (keyword !== 'if' && keyword !== 'range' && keyword !== 'with') return `with "{{ else }}" ${column} outside any "{{ if }}", "{{ range }}" or "{{ with }}"`;
    if (tokens.length === 1) return undefined;
    if (tokens[1] !== 'if' && tokens[1] !== 'with') return `${column}: "{{ else }}" may be followed by "if" or "with" only`;
    return pipelineProblem(tokens.slice(2), blocks, column, dialect);
  }
  if (first === 'break' || first === 'continue') {
    return inside('range') ? undefined : `${column}: "{{ ${first} }}" outside any "{{ range }}"`;
  }
  if (first === 'define' || first === 'block' || first === 'template') {
    if (!tokens[1]?.startsWith('"') && !tokens[1]?.startsWith('`')) return `${column}: "{{ ${first} }}" needs a template name in quotes`;
    if (first === 'define') blocks.push({ keyword: first, variables: new Set(['$']) });
    else if (first === 'block') blocks.push({ keyword: first, variables: new Set(['$']) });
    return tokens.length > 2 ? pipelineProblem(tokens.slice(2), blocks, column, dialect) : undefined;
  }
  if (OPENERS.has(first!)) {
    if (tokens.length === 1) return `${column}: "{{ ${first} }}" needs a value to test`;
    blocks.push({ keyword: first!, variables: new Set() });
    return pipelineProblem(tokens.slice(1), blocks, column, dialect);
  }
  return pipelineProblem(tokens, blocks, column, dialect);
}

/** Variables declared (`$x :=`, `$i, $e :=`) and used, functions called. */
function pipelineProblem(tokens: readonly string[], blocks: Block[], column: string, dialect: Dialect): string | undefined {
  const declare = tokens.findIndex((t) => t === ':=');
  const declared = declare >= 0 ? tokens.slice(0, declare).filter((t) => t !== ',') : [];
  if (declared.some((t) => !/^\$[A-Za-z0-9_]+$/.test(t))) return `${column}: only variables ($name) can be declared with ":="`;
  const known = (name: string) => blocks.some((b) => b.variables.has(name));
  for (const token of tokens.slice(declare + 1)) {
    if (token.startsWith('$')) {
      const variable = /^\$[A-Za-z0-9_]*/.exec(token)![0];
      if (!known(variable)) return `${column}: undefined variable "${variable}" (${dialect.owner} defines ${dialect.variables.join(', ')})`;
    } else if (/^[A-Za-z_]/.test(token) && !dialect.functions.has(token)) {
      if (WORDS.has(token) && ['nil', 'true', 'false'].includes(token)) continue;
      return `${column}: function "${token}" is not defined in ${dialect.owners} templates`;
    }
  }
  for (const variable of declared) blocks.at(-1)!.variables.add(variable);
  return undefined;
}

function tokenize(action: string): string[] | string {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < action.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(action);
    if (!match) return `unexpected "${action.slice(start, start + 10)}"`;
    const token = match[0];
    if (/^\s/.test(token) || token.startsWith('/*')) continue;
    tokens.push(token);
  }
  return tokens;
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
