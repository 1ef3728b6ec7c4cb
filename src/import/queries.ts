/**
 * Reading the peers' PromQL: a query of the form `sum(rate(SELECTOR[{{.window}}]))`
 * becomes sloforge's counter selector; anything else stays an expression, with
 * sloforge's `$window` where the peer wrote its window template.
 */

/** A metric name with optional matchers; matcher values may not hold braces. */
const SELECTOR = String.raw`[a-zA-Z_:][a-zA-Z0-9_:]*\s*(?:\{[^{}]*\})?|\{[^{}]*\}`;
const LABELS = String.raw`\(\s*([a-zA-Z0-9_,\s]*)\)`;
const WINDOW = String.raw`\[\s*(?:\{\{\s*\.window\s*\}\}|\$window)\s*\]`;

const SUMMED_RATE = new RegExp(String.raw`^\s*sum\s*(?:by\s*${LABELS}\s*)?\(\s*(?:rate|increase)\s*\(\s*(${SELECTOR})\s*${WINDOW}\s*\)\s*\)\s*(?:by\s*${LABELS})?\s*$`);

export interface CounterQuery {
  readonly selector: string;
  readonly groupBy: readonly string[];
}

/** `sum by (route) (rate(x{a="b"}[{{.window}}]))` → `x{a="b"}` grouped by `route`; undefined for any other shape. */
export function counterQuery(query: string): CounterQuery | undefined {
  const match = SUMMED_RATE.exec(query);
  if (!match) return undefined;
  const labels = (match[1] ?? match[3] ?? '').split(',').map((l) => l.trim()).filter((l) => l !== '');
  return { selector: match[2]!.replace(/\s+(?=\{)/, ''), groupBy: labels };
}

/** A plain selector (`http_requests_total{code=~"5.."}`), as OpenSLO's counters are written. */
export function isSelector(query: string): boolean {
  return new RegExp(`^\\s*(?:${SELECTOR})\\s*$`).test(query);
}

/** Sloth's and Pyrra's `{{.window}}` → sloforge's `$window`. */
export function withWindowPlaceholder(query: string): string {
  return query.replace(/\{\{\s*\.window\s*\}\}/g, '$window');
}

/** Template actions other than the window, which sloforge has no value for. */
export function otherTemplates(query: string): string[] {
  return [...query.matchAll(/\{\{[^}]*\}\}/g)].map((m) => m[0]).filter((t) => !/^\{\{\s*\.window\s*\}\}$/.test(t));
}

/** `by (a, b)` labels of an outer aggregation, for an expression kept whole: the labels its series keep. */
export function outerGroupBy(query: string): string[] | undefined {
  const match = /^\s*(?:sum|max|min|avg|count)\s*(?:by\s*\(([^)]*)\))?\s*\(/.exec(query) ?? undefined;
  if (!match) return undefined;
  const trailing = /\)\s*by\s*\(([^)]*)\)\s*$/.exec(query);
  const labels = match[1] ?? trailing?.[1] ?? '';
  return labels.split(',').map((l) => l.trim()).filter((l) => l !== '');
}
