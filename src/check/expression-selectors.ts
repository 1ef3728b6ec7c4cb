/** The plain series selectors inside a PromQL expression, and whether each is read as a counter. */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { parseSelector } from '../config/promql.ts';
import type { Selector } from '../model/slo.ts';

export interface ExpressionSelector {
  readonly selector: Selector;
  /** Inside rate(), irate() or increase(): the expression treats it as a counter. */
  readonly asCounter: boolean;
}

const COUNTER_FUNCTIONS = new Set(['rate', 'irate', 'increase']);

export function expressionSelectors(expression: string): ExpressionSelector[] {
  const found: ExpressionSelector[] = [];
  parser.parse(expression).iterate({
    enter: (node) => {
      if (node.name !== 'VectorSelector') return true;
      const parsed = parseSelector(expression.slice(node.from, node.to));
      if (parsed.ok) found.push({ selector: parsed.value, asCounter: insideCounterFunction(expression, node.node) });
      return false;
    },
  });
  return found;
}

function insideCounterFunction(expression: string, node: SyntaxNode): boolean {
  for (let at = node.parent; at; at = at.parent) {
    if (at.name === 'FunctionCall') {
      const identifier = at.firstChild;
      return identifier !== null && COUNTER_FUNCTIONS.has(expression.slice(identifier.from, identifier.to));
    }
  }
  return false;
}
