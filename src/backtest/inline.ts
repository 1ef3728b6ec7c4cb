/**
 * A rule that reads the server's raw series and recorded series in one expression (the
 * SLI-broken guard, `… <= on () 2 * slo:sli_total:rate5m{…}`) cannot be evaluated on either
 * server alone. Where each recorded selector picks exactly one recording rule that itself
 * reads only raw series, the selector is replaced by that rule's expression with the
 * rule's labels set: at the same evaluation time it answers what the recorded series holds.
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { RecordingRule } from '../compile/prometheus/rule.ts';
import { parseSelector } from '../config/promql.ts';

/** The expression with its recorded selectors inlined, or undefined if one of them cannot be. */
export function inlineRecorded(expr: string, producersOf: (metric: string) => readonly RecordingRule[] | undefined, readsOnlyRaw: (rule: RecordingRule) => boolean): string | undefined {
  const replacements: { from: number; to: number; text: string }[] = [];
  let impossible = false;
  parser.parse(expr).iterate({
    enter: (node) => {
      if (impossible) return false;
      if (node.name !== 'VectorSelector') return true;
      const parsed = parseSelector(expr.slice(node.from, node.to));
      const producers = parsed.ok ? producersOf(parsed.value.metric) : undefined;
      if (!parsed.ok || producers === undefined) return false;
      const picked = producers.filter((rule) => parsed.value.matchers.every((m) => m.name === '__name__' || (m.op === '=' && rule.labels?.[m.name] === m.value)));
      if (node.node.parent?.name === 'MatrixSelector' || picked.length !== 1 || !readsOnlyRaw(picked[0]!)) impossible = true;
      else replacements.push({ from: node.from, to: node.to, text: withLabels(picked[0]!) });
      return false;
    },
  });
  if (impossible) return undefined;
  let out = expr;
  for (const r of replacements.sort((a, b) => b.from - a.from)) out = out.slice(0, r.from) + r.text + out.slice(r.to);
  return out;
}

function withLabels(rule: RecordingRule): string {
  let text = `(${rule.expr})`;
  for (const [name, value] of Object.entries(rule.labels ?? {})) text = `label_replace(${text}, ${JSON.stringify(name)}, ${JSON.stringify(value)}, "", "")`;
  return text;
}
