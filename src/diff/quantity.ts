/**
 * What a threshold alert compares, named from the left side of its comparison in the
 * PromQL syntax tree: `sum(rate(e[5m])) / sum(rate(t[5m])) > 0.005` compares "the error
 * ratio over 5m", so a diff can say "the error ratio over 5m > 1%" instead of "the value > 0.01".
 * The shapes recognised are those `compile/prometheus/thresholds.ts` writes; anything
 * else (an `expr` of the user's) is named by its own text.
 */
import type { SyntaxNode } from '@lezer/common';
import { formatDuration } from '../model/duration.ts';
import { formatNumber, formatPercentRounded } from '../model/number.ts';

/** How a number reads: a ratio as a percentage, seconds as a duration. */
export type Unit = 'ratio' | 'seconds' | 'events_per_second' | 'budget_burn_rate' | 'number';

export interface Quantity {
  /** In words: `the error ratio over 5m`, `the p95 latency over 5m`, `the health probe's duration`. */
  readonly name: string;
  readonly unit: Unit;
}

/** Names the expression at `node` (the left side of a comparison) in the source `expr`. */
export function quantityOf(node: SyntaxNode, expr: string): Quantity {
  const text = (n: SyntaxNode) => expr.slice(n.from, n.to);
  const inner = unwrapParens(node);
  if (inner.name === 'FunctionCall' && inner.getChild('FunctionIdentifier')?.firstChild?.name === 'HistogramQuantile') {
    const quantile = inner.getChild('FunctionCallBody')?.getChild('NumberDurationLiteral');
    const window = firstDescendant(inner, 'DurationExpr');
    const p = quantile ? `p${formatNumber(Number(text(quantile)) * 100)}` : 'quantile';
    return { name: `the ${p} latency${window ? ` over ${text(window)}` : ''}`, unit: 'seconds' };
  }
  if (inner.name === 'BinaryExpr' && inner.getChild('Sub') && /^time\(\s*\)$/.test(text(unwrapParens(inner.firstChild!)))) {
    const stamped = metricOf(unwrapParens(inner.lastChild!), expr);
    return { name: `the age of ${stamped ?? text(inner.lastChild!)}`, unit: 'seconds' };
  }
  if (inner.name === 'BinaryExpr' && inner.getChild('Div')) {
    const [left, right] = [inner.firstChild!, inner.lastChild!].map(unwrapParens) as [SyntaxNode, SyntaxNode];
    if (isSumOfRate(left, expr) && isSumOfRate(right, expr)) {
      const window = firstDescendant(left, 'DurationExpr');
      return { name: `the error ratio${window ? ` over ${text(window)}` : ''}`, unit: 'ratio' };
    }
    if (metricOf(left, expr) === 'node_filesystem_avail_bytes') return { name: 'the share of disk space free', unit: 'ratio' };
    const used = metricOf(left, expr);
    if (used !== undefined) return { name: `${used} as a share of ${metricOf(right, expr) ?? text(right)}`, unit: 'ratio' };
  }
  const metric = metricOf(inner, expr);
  if (metric !== undefined) {
    const endpoint = labelOf(inner, expr, 'endpoint');
    const probe = endpoint === undefined ? 'the probe' : `the ${endpoint} probe`;
    if (metric === 'probe_duration_seconds') return { name: `${probe}'s duration`, unit: 'seconds' };
    if (metric === 'probe_success') return { name: `${probe}'s success (1 or 0)`, unit: 'number' };
    if (metric === 'up') return { name: `up (1 or 0) of job ${labelOf(inner, expr, 'job') ?? '?'}`, unit: 'number' };
    return { name: metric, unit: metric.endsWith('_seconds') ? 'seconds' : metric.endsWith('_ratio') ? 'ratio' : 'number' };
  }
  return { name: text(node).replace(/\s+/g, ' ').trim(), unit: 'number' };
}

/** A number as its unit reads: `1%`, `200ms`, `14.4x`, `100 events/s`. */
export function formatIn(value: number, unit: Unit): string {
  switch (unit) {
    case 'ratio':
      return formatPercentRounded(value);
    case 'seconds':
      return formatDuration(value);
    case 'events_per_second':
      return `${formatNumber(value)} events/s`;
    case 'budget_burn_rate':
      return `${formatNumber(value)}x`;
    case 'number':
      return formatNumber(value);
  }
}

function unwrapParens(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.name === 'ParenExpr' && current.firstChild) current = current.firstChild;
  return current;
}

function isSumOfRate(node: SyntaxNode, expr: string): boolean {
  if (node.name !== 'AggregateExpr') return false;
  const call = node.getChild('FunctionCallBody')?.getChild('FunctionCall');
  return call !== null && call !== undefined && /^(rate|increase)$/.test(expr.slice(call.from, call.to).split('(')[0]!.trim());
}

/** The metric name of a plain selector. */
function metricOf(node: SyntaxNode, expr: string): string | undefined {
  if (node.name !== 'VectorSelector') return undefined;
  const identifier = node.getChild('Identifier');
  return identifier ? expr.slice(identifier.from, identifier.to) : undefined;
}

function labelOf(selector: SyntaxNode, expr: string, label: string): string | undefined {
  for (const matcher of selector.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) {
    const name = matcher.getChild('LabelName');
    const value = matcher.getChild('StringLiteral');
    if (name && value && expr.slice(name.from, name.to) === label) return JSON.parse(expr.slice(value.from, value.to).replace(/^'|'$/g, '"')) as string;
  }
  return undefined;
}

function firstDescendant(node: SyntaxNode, name: string): SyntaxNode | undefined {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name === name) return child;
    const found = firstDescendant(child, name);
    if (found) return found;
  }
  return undefined;
}
