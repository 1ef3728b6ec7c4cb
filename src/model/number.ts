/**
 * Every number sloforge writes goes through here: twelve significant digits, then
 * the shortest spelling, so `0.02 * 720` is written `14.4`, never `14.399999999999999`.
 */
export function formatNumber(value: number): string {
  // An integer of twelve digits or fewer is its own shortest spelling (most numbers written are).
  if (Number.isSafeInteger(value) && Math.abs(value) < 1e12) return String(value);
  return String(Number(value.toPrecision(12)));
}

/** A ratio as a percentage to six significant digits: 0.0144 → `1.44%`. */
export function formatPercent(ratio: number): string {
  return `${formatNumber(Number((ratio * 100).toPrecision(6)))}%`;
}

/**
 * For reading, not for rules: three decimals, or three significant digits where a small
 * value needs more. A burn factor of 28/30 reads `0.933`, 13.44 stays `13.44`.
 */
export function formatRounded(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return formatNumber(value);
  const decimals = Math.max(3, 2 - Math.floor(Math.log10(Math.abs(value))));
  return formatNumber(Number(value.toFixed(Math.min(decimals, 100))));
}

/** A ratio as a percentage for reading, rounded as `formatRounded` rounds: 0.000933333 → `0.0933%`. */
export function formatPercentRounded(ratio: number): string {
  return `${formatRounded(ratio * 100)}%`;
}
