/** Prometheus durations: one or more `<number><unit>` terms, largest unit first (`1h30m`). */

const UNIT_SECONDS = { y: 365 * 86400, w: 7 * 86400, d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 } as const;
type Unit = keyof typeof UNIT_SECONDS;
const UNIT_ORDER: readonly Unit[] = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

export const DURATION_PATTERN = '^(([0-9]+)(ms|s|m|h|d|w|y))+$';
const DURATION = new RegExp(DURATION_PATTERN);
const TERM = /([0-9]+)(ms|s|m|h|d|w|y)/g;

/** Seconds in a Prometheus duration, or undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let seconds = 0;
  let lastUnit = -1;
  for (const [, amount, unit] of text.matchAll(TERM)) {
    const order = UNIT_ORDER.indexOf(unit as Unit);
    if (order <= lastUnit) return undefined; // units must be unique and largest first, as Prometheus requires
    lastUnit = order;
    seconds += Number(amount) * UNIT_SECONDS[unit as Unit];
  }
  return seconds > 0 ? seconds : undefined;
}

/** The shortest Prometheus spelling of a whole number of seconds, without weeks or years (`43m12s`, `28d`). */
export function formatDuration(seconds: number): string {
  if (seconds <= 0) return '0s';
  let rest = Math.round(seconds * 1000);
  let text = '';
  for (const [unit, size] of [['d', 86400000], ['h', 3600000], ['m', 60000], ['s', 1000], ['ms', 1]] as const) {
    const amount = Math.floor(rest / size);
    if (amount > 0) text += `${amount}${unit}`;
    rest -= amount * size;
  }
  return text;
}
