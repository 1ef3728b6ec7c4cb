/**
 * The value type of a PromQL expression, inferred on the lezer tree the way Prometheus'
 * parser checks it: the operands of each operator, the arguments of the functions a config
 * uses, and what a whole expression yields. A function not in the table is not judged.
 */
import type { SyntaxNode } from '@lezer/common';

export type ValueType = 'scalar' | 'instant vector' | 'range vector' | 'string';

/** A type, or the problem that makes the expression have none; `unknown` where the table does not say. */
export type Inferred = { type: ValueType | 'unknown' } | { problem: string };

const S = 'scalar';
const V = 'instant vector';
const M = 'range vector';
const T = 'string';

/** Argument types (`?` ones optional, a trailing `...` repeats the last) and result, per function. */
const FUNCTIONS: Readonly<Record<string, readonly [readonly string[], ValueType]>> = {
  ...Object.fromEntries(
    ['rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'changes', 'resets', 'avg_over_time', 'min_over_time', 'max_over_time', 'sum_over_time', 'count_over_time', 'stddev_over_time', 'stdvar_over_time', 'last_over_time', 'present_over_time', 'absent_over_time', 'mad_over_time'].map((f) => [f, [[M], V]]),
  ),
  ...Object.fromEntries(
    ['abs', 'absent', 'ceil', 'floor', 'exp', 'ln', 'log2', 'log10', 'sqrt', 'sgn', 'sort', 'sort_desc', 'timestamp', 'histogram_count', 'histogram_sum', 'histogram_avg', 'histogram_stddev', 'histogram_stdvar', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'cos', 'cosh', 'sin', 'sinh', 'tan', 'tanh', 'deg', 'rad'].map((f) => [f, [[V], V]]),
  ),
  ...Object.fromEntries(['day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year'].map((f) => [f, [[`${V}?`], V]])),
  quantile_over_time: [[S, M], V],
  predict_linear: [[M, S], V],
  holt_winters: [[M, S, S], V],
  double_exponential_smoothing: [[M, S, S], V],
  histogram_quantile: [[S, V], V],
  histogram_fraction: [[S, S, V], V],
  round: [[V, `${S}?`], V],
  clamp: [[V, S, S], V],
  clamp_min: [[V, S], V],
  clamp_max: [[V, S], V],
  label_replace: [[V, T, T, T, T], V],
  label_join: [[V, T, T, `${T}...`], V],
  scalar: [[V], S],
  vector: [[S], V],
  time: [[], S],
  pi: [[], S],
};

const SET_OPERATORS = new Set(['And', 'Or', 'Unless']);
const COMPARISONS = new Set(['Eql', 'Neq', 'Gtr', 'Gte', 'Lss', 'Lte']);
/** Aggregations whose first argument is a parameter, and its type. */
const AGGREGATION_PARAMETER: Readonly<Record<string, ValueType>> = { topk: S, bottomk: S, quantile: S, limitk: S, limit_ratio: S, count_values: T };

/** The expression's type, or the first type error in it, "column N: …". */
export function inferType(text: string, node: SyntaxNode): Inferred {
  const at = (n: SyntaxNode, message: string): Inferred => ({ problem: `column ${n.from + 1}: ${message}` });
  const typed = (n: SyntaxNode | null): Inferred => (n ? inferType(text, n) : { type: 'unknown' });
  switch (node.name) {
    case 'PromQL':
    case 'ParenExpr':
      return typed(firstExpression(node));
    case 'NumberDurationLiteral':
    case 'NumberLiteral':
      return { type: S };
    case 'StringLiteral':
      return { type: T };
    case 'VectorSelector':
      return { type: V };
    case 'MatrixSelector':
      return { type: M };
    case 'SubqueryExpr': {
      const inner = typed(firstExpression(node));
      if ('problem' in inner) return inner;
      if (inner.type !== V && inner.type !== 'unknown') return at(node, `a subquery needs an instant vector, got ${a(inner.type)}`);
      return { type: M };
    }
    case 'OffsetExpr':
    case 'StepInvariantExpr':
      return typed(firstExpression(node));
    case 'UnaryExpr': {
      const inner = typed(firstExpression(node));
      if ('problem' in inner) return inner;
      if (inner.type === M || inner.type === T) return at(node, `a sign applies to a scalar or an instant vector, not ${a(inner.type)}`);
      return inner;
    }
    case 'BinaryExpr':
      return binary(text, node);
    case 'AggregateExpr':
      return aggregation(text, node);
    case 'FunctionCall':
      return call(text, node);
    default:
      return { type: 'unknown' };
  }
}

function binary(text: string, node: SyntaxNode): Inferred {
  const operands = expressions(node);
  const operator = operands[0]?.nextSibling;
  const op = operator?.name ?? '';
  const shown = operator ? text.slice(operator.from, operator.to) : '?';
  const types: ValueType[] = [];
  for (const operand of operands) {
    const inner = inferType(text, operand);
    if ('problem' in inner) return inner;
    if (inner.type === 'unknown') return { type: 'unknown' };
    if (inner.type === M || inner.type === T) return { problem: `column ${operand.from + 1}: "${shown}" needs a scalar or an instant vector on each side, got ${a(inner.type)}${inner.type === M ? ' (wrap it in a function such as rate(...))' : ''}` };
    types.push(inner.type);
  }
  if (SET_OPERATORS.has(op) && types.includes(S)) return { problem: `column ${node.from + 1}: "${shown}" works on instant vectors only, got a scalar` };
  const isBool = node.getChild('BoolModifier') !== null;
  if (types.every((t) => t === S)) {
    if (COMPARISONS.has(op) && !isBool) return { problem: `column ${node.from + 1}: a comparison of two scalars needs "bool" ("${shown} bool")` };
    return { type: S };
  }
  return { type: V };
}

function aggregation(text: string, node: SyntaxNode): Inferred {
  const op = node.getChild('AggregateOp');
  const name = op ? text.slice(op.from, op.to).toLowerCase() : '';
  const args = expressions(node.getChild('FunctionCallBody'));
  const parameter = AGGREGATION_PARAMETER[name];
  const wanted: ValueType[] = parameter ? [parameter, V] : [V];
  return checkArguments(text, node, name, args, wanted.map(String), V);
}

function call(text: string, node: SyntaxNode): Inferred {
  const identifier = node.getChild('FunctionIdentifier');
  const name = identifier ? text.slice(identifier.from, identifier.to) : '';
  const signature = FUNCTIONS[name];
  if (!signature) return { type: 'unknown' };
  return checkArguments(text, node, name, expressions(node.getChild('FunctionCallBody')), signature[0], signature[1]);
}

function checkArguments(text: string, node: SyntaxNode, name: string, args: SyntaxNode[], wanted: readonly string[], result: ValueType): Inferred {
  const required = wanted.filter((w) => !w.endsWith('?') && !w.endsWith('...')).length;
  const repeats = wanted.at(-1)?.endsWith('...') ?? false;
  if (args.length < required || (!repeats && args.length > wanted.length)) {
    return { problem: `column ${node.from + 1}: ${name}() takes ${required === wanted.length ? required : `${required} to ${repeats ? 'any number of' : wanted.length}`} argument${wanted.length === 1 ? '' : 's'}, got ${args.length}` };
  }
  for (const [index, arg] of args.entries()) {
    const expected = (wanted[Math.min(index, wanted.length - 1)] ?? '').replace(/\?|\.\.\.$/g, '');
    const inner = inferType(text, arg);
    if ('problem' in inner) return inner;
    if (inner.type !== 'unknown' && inner.type !== expected) {
      const hint = expected === M && inner.type === V ? ` such as ${text.slice(arg.from, arg.to)}[5m]` : expected === V && inner.type === M ? ' (a range vector needs a function such as rate(...) first)' : '';
      return { problem: `column ${arg.from + 1}: argument ${index + 1} of ${name}() must be ${a(expected)}${hint}, got ${a(inner.type)}` };
    }
  }
  return { type: result };
}

/** The child nodes that are expressions (not operators, modifiers or keywords). */
function expressions(node: SyntaxNode | null): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (let child = node?.firstChild ?? null; child; child = child.nextSibling) if (EXPRESSION_NODES.has(child.name)) found.push(child);
  return found;
}

function firstExpression(node: SyntaxNode): SyntaxNode | null {
  return expressions(node)[0] ?? null;
}

const EXPRESSION_NODES = new Set(['ParenExpr', 'NumberDurationLiteral', 'NumberLiteral', 'StringLiteral', 'VectorSelector', 'MatrixSelector', 'SubqueryExpr', 'OffsetExpr', 'StepInvariantExpr', 'UnaryExpr', 'BinaryExpr', 'AggregateExpr', 'FunctionCall']);

function a(type: string): string {
  return `${type.startsWith('instant') ? 'an' : 'a'} ${type}`;
}
