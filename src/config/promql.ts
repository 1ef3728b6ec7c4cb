/**
 * PromQL syntax checks with the grammar Prometheus' own UI uses. Syntax only:
 * promtool stays the authority on the rules we generate.
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import type { LabelMatcher, Selector } from '../model/slo.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** The first syntax error in an expression, as "column N: ..." , or undefined when it parses. */
export function syntaxError(expression: string): string | undefined {
  let error: number | undefined;
  parser.parse(expression).iterate({
    enter: (node) => {
      if (error === undefined && node.type.isError) error = node.from;
      return error === undefined;
    },
  });
  if (error === undefined) return undefined;
  const near = expression.slice(error, error + 12);
  return `invalid PromQL at column ${error + 1}${near ? ` near "${near}"` : ' (unexpected end)'}`;
}

/** A series selector such as `http_requests_total{job="api",code=~"5.."}`, taken apart. */
export function parseSelector(text: string): Parsed<Selector> {
  const error = syntaxError(text);
  if (error) return { ok: false, message: error };
  const top = parser.parse(text).topNode.firstChild;
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

/** A PromQL string literal's value (Go quoting rules: "…", '…' or `…`). */
function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  if (literal.startsWith('`')) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, escape: string) => {
    if (/^[xuU]/.test(escape)) return String.fromCodePoint(parseInt(escape.slice(1), 16));
    if (/^[0-7]{3}$/.test(escape)) return String.fromCodePoint(parseInt(escape, 8));
    return { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' }[escape] ?? escape;
  });
}
