/** Pieces of the Go templates that alert annotations are written in. */
import type { LabelMatcher } from '../../model/slo.ts';
import type { GroupLabel } from '../../model/group-labels.ts';
import { quote } from './promql.ts';

/** Text that must print as written, never run as a Go template. */
export function escapeTemplate(text: string): string {
  // A whole run of braces at once: `{}}` escaped as `{` and `{{ "}}" }}` would open an action at its first brace.
  return text.replace(/[{}]{2,}/g, (braces) => `{{ "${braces}" }}`);
}

const PLACEHOLDER = '\u0000';

/**
 * A template pipeline that runs a query on the SLI's own series for the alert's own
 * group: `query` gets one matcher per group label, whose value printf fills from the
 * alert's label of that group (`exported_service` for the metric's `service`).
 */
export function groupQuery(query: (groupMatchers: readonly LabelMatcher[]) => string, groups: readonly GroupLabel[]): string {
  if (groups.length === 0) return `query ${JSON.stringify(query([]))}`;
  const format = query(groups.map(({ source }) => ({ name: source, op: '=', value: PLACEHOLDER })))
    .replaceAll('%', '%%')
    .replaceAll(quote(PLACEHOLDER), '%q');
  return `printf ${JSON.stringify(format)} ${groups.map(({ recorded }) => `$labels.${recorded}`).join(' ')} | query`;
}
