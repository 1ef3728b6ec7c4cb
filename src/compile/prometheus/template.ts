/** Pieces of the Go templates that alert annotations are written in. */
import type { LabelMatcher } from '../../model/slo.ts';
import { quote } from './promql.ts';

/** Text that must print as written, never run as a Go template. */
export function escapeTemplate(text: string): string {
  // A whole run of braces at once: `{}}` escaped as `{` and `{{ "}}" }}` would open an action at its first brace.
  return text.replace(/[{}]{2,}/g, (braces) => `{{ "${braces}" }}`);
}

const PLACEHOLDER = '\u0000';

/**
 * A template pipeline that runs a query for the alert's own group: `query` gets one
 * matcher per `groupBy` label, whose value printf fills from the alert's labels.
 */
export function groupQuery(query: (groupMatchers: readonly LabelMatcher[]) => string, groupBy: readonly string[]): string {
  if (groupBy.length === 0) return `query ${JSON.stringify(query([]))}`;
  const format = query(groupBy.map((name) => ({ name, op: '=', value: PLACEHOLDER })))
    .replaceAll('%', '%%')
    .replaceAll(quote(PLACEHOLDER), '%q');
  return `printf ${JSON.stringify(format)} ${groupBy.map((label) => `$labels.${label}`).join(' ')} | query`;
}
