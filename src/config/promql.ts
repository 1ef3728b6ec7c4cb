/**
 * PromQL checks with the grammar Prometheus' own UI uses: syntax, string literals as Go
 * reads them, every regex compiled by RE2 (re2js, a port of Go's regexp), and value types.
 * Every expression and selector of a config passes here, so an expression Prometheus would
 * refuse is refused by one mechanism.
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode, Tree } from '@lezer/common';
import { RE2JS } from 're2js';
import type { LabelMatcher, Selector } from '../model/slo.ts';
import { inferType } from './promql-types.ts';
import { textProblem } from './text.ts';
import { RecentValues } from '../model/recent-values.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** What an expression must yield: a rule's or a panel's result is a scalar or an instant vector. */
export type Expected = 'anything' | 'a rule result';

/**
 * The first reason Prometheus would refuse an expression, or undefined: a syntax error
 * ("invalid PromQL at column N …"), a string literal Go cannot read or that holds text YAML
 * cannot carry, a regex RE2 cannot compile, a type error.
 */
export function syntaxError(expression: string, expected: Expected = 'anything'): string | undefined {
  return problemIn(expression, parser.parse(expression), expected);
}

function problemIn(expression: string, tree: Tree, expected: Expected): string | undefined {
  let error: number | undefined;
  let literal: string | undefined;
  tree.iterate({
    enter: (node) => {
      if (error !== undefined || literal !== undefined) return false;
      if (node.type.isError) error = node.from;
      else if (node.name === 'StringLiteral') literal = literalProblem(expression, node.node);
      else if (node.name === 'FunctionCall') literal = labelReplaceRegexProblem(expression, node.node);
      return true;
    },
  });
  if (error !== undefined) {
    const near = expression.slice(error, error + 12);
    return `invalid PromQL at column ${error + 1}${near ? ` near "${near}"` : ' (unexpected end)'}`;
  }
  if (literal) return literal;
  const inferred = inferType(expression, tree.topNode);
  if ('problem' in inferred) return `invalid PromQL at ${inferred.problem}`;
  if (expected === 'a rule result' && (inferred.type === 'range vector' || inferred.type === 'string')) {
    return `is a ${inferred.type}; it must give an instant vector (or a scalar)${inferred.type === 'range vector' ? ': wrap it in a function such as rate(...) or sum_over_time(...)' : ''}`;
  }
  return undefined;
}

/** A string literal Go would not read, that holds text YAML cannot carry, or a regex matcher RE2 cannot compile. */
function literalProblem(text: string, node: SyntaxNode): string | undefined {
  const column = `column ${node.from + 1}`;
  const value = goUnquote(text.slice(node.from, node.to));
  if (value === undefined) return `invalid PromQL at ${column}: ${text.slice(node.from, node.to).slice(0, 40)} is not a string Prometheus can read (Go escapes such as \\n, \\", \\x41, \\u00e9; no surrogate halves, no byte above \\x7F)`;
  const problem = textProblem(value);
  if (problem) return `invalid PromQL at ${column}: the string ${problem}`;
  const op = node.parent?.getChild('MatchOp');
  if (op && (op.firstChild?.name === 'EqlRegex' || op.firstChild?.name === 'NeqRegex')) return regexProblem(value, column);
  return undefined;
}

/** label_replace's fifth argument is a regex too. */
function labelReplaceRegexProblem(text: string, node: SyntaxNode): string | undefined {
  const identifier = node.getChild('FunctionIdentifier');
  if (!identifier || text.slice(identifier.from, identifier.to) !== 'label_replace') return undefined;
  const regex = node.getChild('FunctionCallBody')?.getChildren('StringLiteral')[3];
  const value = regex && goUnquote(text.slice(regex.from, regex.to));
  return regex && value !== undefined ? regexProblem(value, `column ${regex.from + 1}`) : undefined;
}

/** Prometheus compiles every regex matcher with Go's RE2, on its own and anchored. */
function regexProblem(regex: string, column: string): string | undefined {
  if (PLAIN_REGEX.test(regex)) return undefined;
  const problem = re2Problems.get(regex, () => {
    try {
      RE2JS.compile(regex);
      RE2JS.compile(`^(?:${regex})$`);
      return undefined;
    } catch (error) {
      return (error instanceof Error ? error.message : String(error)).replace(/^error parsing regexp: /, '');
    }
  });
  return problem && `invalid PromQL at ${column}: the regex ${JSON.stringify(regex)} does not compile in RE2: ${problem}`;
}
/**
 * Letters, digits, `.`, `|`, anchors and literal punctuation: a regex RE2 always compiles
 * (`5..`, `GET|POST`, `$job`). Most matchers are such, and they spare re2js its Unicode
 * tables, which it decodes on its first compile.
 */
export const PLAIN_REGEX = /^[\w.|^$:\/ -]*$/;
/** RE2's verdict on each regex: compiling one costs more than the rest of its check, and a config repeats its regexes. */
const re2Problems = new RecentValues<string, string | undefined>(4096);

/** A series selector such as `http_requests_total{job="api",code=~"5.."}`, taken apart. */
export function parseSelector(text: string): Parsed<Selector> {
  const tree = parser.parse(text);
  const error = problemIn(text, tree, 'anything');
  if (error) return { ok: false, message: error };
  const top = tree.topNode.firstChild;
  if (!top || top.name !== 'VectorSelector' || top.nextSibling) {
    return { ok: false, message: 'must be a series selector such as metric{label="value"}, not an expression' };
  }
  const selector = vectorSelector(text, top);
  if (!selector.ok) return selector;
  if (!selector.value.metric) return { ok: false, message: 'must name a metric' };
  return selector;
}

/** Every series selector in an expression that parses, the metric '' where it names none (`{job="api"}`). */
export function selectorsIn(expression: string): Selector[] {
  const found: Selector[] = [];
  parser.parse(expression).iterate({
    enter: (node) => {
      if (node.name !== 'VectorSelector') return true;
      const selector = vectorSelector(expression, node.node);
      if (selector.ok) found.push(selector.value);
      return false;
    },
  });
  return found;
}

function vectorSelector(text: string, node: SyntaxNode): Parsed<Selector> {
  let metric = '';
  const matchers: LabelMatcher[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name === 'Identifier') metric = text.slice(child.from, child.to);
    if (child.name === 'LabelMatchers') {
      for (let matcher = child.firstChild; matcher; matcher = matcher.nextSibling) {
        const parsed = labelMatcher(text, matcher);
        if (!parsed) return { ok: false, message: `unsupported label matcher "${text.slice(matcher.from, matcher.to)}"` };
        if (parsed.name === '__name__' && parsed.op === '=') metric = parsed.value;
        else matchers.push(parsed);
      }
    }
  }
  return { ok: true, value: { metric, matchers } };
}

function labelMatcher(text: string, node: SyntaxNode): LabelMatcher | undefined {
  const name = node.getChild('LabelName');
  const op = node.getChild('MatchOp');
  const value = node.getChild('StringLiteral');
  if (!name || !op || !value) return undefined;
  return {
    name: text.slice(name.from, name.to),
    op: text.slice(op.from, op.to) as LabelMatcher['op'],
    value: unquote(text.slice(value.from, value.to)),
  };
}

/** A PromQL string literal's value; the literal is valid, so its escapes are. */
function unquote(literal: string): string {
  return goUnquote(literal) ?? literal.slice(1, -1);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\' };

/**
 * A PromQL string literal's value as Prometheus reads it (Go quoting: "…", '…' or `…`,
 * the quote itself escaped), or undefined where Prometheus would refuse it: an unknown
 * escape, an octal or \\x escape above 0x7F (a lone byte, not UTF-8), a code point that is a surrogate or beyond U+10FFFF.
 */
function goUnquote(literal: string): string | undefined {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  let value = '';
  for (let at = 0; at < body.length; at++) {
    const c = body[at]!;
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = body[++at] ?? '';
    if (next in SIMPLE_ESCAPES) value += SIMPLE_ESCAPES[next];
    else if (next === quote) value += next;
    else if (/[0-7]/.test(next)) {
      const digits = body.slice(at, at + 3);
      // Above \177 an octal or \x escape is a lone byte, not UTF-8 text.
      if (!/^[0-7]{3}$/.test(digits) || parseInt(digits, 8) > 0x7f) return undefined;
      value += String.fromCharCode(parseInt(digits, 8));
      at += 2;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const length = { x: 2, u: 4, U: 8 }[next];
      const digits = body.slice(at + 1, at + 1 + length);
      if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(digits)) return undefined;
      const code = parseInt(digits, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || (next === 'x' && code > 0x7f)) return undefined;
      value += next === 'x' ? String.fromCharCode(code) : String.fromCodePoint(code);
      at += length;
    } else return undefined;
  }
  return value;
}
