/**
 * Every number sloforge writes goes through here: twelve significant digits, then
 * the shortest spelling, so `0.02 * 720` is written `14.4`, never `14.399999999999999`.
 */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** A ratio as a percentage to six significant digits: 0.0144 → `1.44%`. */
export function formatPercent(ratio: number): string {
  return `${formatNumber(Number((ratio * 100).toPrecision(6)))}%`;
}
