/**
 * The window math, and nothing else: which windows a tier watches and the burn rate
 * it fires at. No PromQL here (compile/prometheus renders it).
 */
import type { BurnRateTier, Slo, Window } from './slo.ts';
import { compareCodePoints } from './order.ts';

/** Default tiers, from the SRE workbook's budget-consumption table (chapter "Alerting on SLOs"). */
export const DEFAULT_TIERS = {
  /** 2% of the budget in 1h: 14.4x over 30d, a full outage of a 99.9% SLO pages in under a minute. */
  fastPage: { budgetPercent: 2, longWindow: '1h', shortWindow: '5m', severity: 'critical', for: '2m' },
  /** 5% of the budget in 6h: 6x over 30d. */
  slowPage: { budgetPercent: 5, longWindow: '6h', shortWindow: '30m', severity: 'critical', for: '15m' },
  /** 10% of the budget in 1d: 3x over 30d, a ticket. */
  fastTicket: { budgetPercent: 10, longWindow: '1d', shortWindow: '2h', severity: 'warning', for: '1h' },
  /** 10% of the budget in 3d: 1x over 30d, the budget will be gone by the end of the period. */
  slowTicket: { budgetPercent: 10, longWindow: '3d', shortWindow: '6h', severity: 'warning', for: '3h' },
} as const;

/** The shortest window: the 5m rates and ratio. */
export const BASE_WINDOW_SECONDS = 300;

/**
 * The step of the recorded increases every window is summed from: each sample holds the
 * events of the minute up to its evaluation, so a window is a whole number of minutes.
 */
export const STEP_SECONDS = 60;

/** The tile of the day-long windows and the period: a clock hour (UTC). */
export const HOUR_SECONDS = 3600;

/** Windows this long or longer are built from hourly tiles instead of minutes. */
export const LONG_WINDOW_SECONDS = 86400;

/** Minutes a window sums: its length to the nearest minute, the step of the recorded increases. */
export function windowMinutes(window: Window): number {
  return Math.max(1, Math.round(window.seconds / STEP_SECONDS));
}

/**
 * How a window is summed at an evaluation t in clock hour H. Shorter than a day: its
 * minutes, one sample each. From a day on, `hours` whole hours and `extraMinutes` are
 * five disjoint pieces that tile (t − window, t] exactly, whatever minute t falls on:
 *
 * - the extra minutes, just before the hours;
 * - the rest of the clock hour the hours start in, H − hours: its minutes after t − hours;
 * - the whole hours H − hours + 1 … H − 2, one hourly tile each (`tiles` of them);
 * - the last whole hour, H − 1, and this hour so far, summed from minutes: the hourly
 *   tiles are computed by a slower group and may not have caught up with H − 1 yet.
 *
 * Hours are told apart by the parity of the clock hour each minute's sample was taken in:
 * any range up to two hours long holds one hour of each parity around an hour boundary.
 * `oldestHourParityFlipped` says whether H − hours has the opposite parity of H.
 */
export type WindowPlan =
  | { readonly kind: 'minutes'; readonly minutes: number }
  | { readonly kind: 'hours'; readonly hours: number; readonly extraMinutes: number; readonly tiles: number; readonly oldestHourParityFlipped: boolean };

export function windowPlan(window: Window): WindowPlan {
  const minutes = windowMinutes(window);
  if (window.seconds < LONG_WINDOW_SECONDS) return { kind: 'minutes', minutes };
  const perHour = HOUR_SECONDS / STEP_SECONDS;
  const hours = Math.floor(minutes / perHour);
  return { kind: 'hours', hours, extraMinutes: minutes - hours * perHour, tiles: hours - 2, oldestHourParityFlipped: hours % 2 === 1 };
}

/** Burn rate at which `budgetFraction` of the period's budget is spent in `longWindowSeconds`. */
export function burnFactor(budgetFraction: number, periodSeconds: number, longWindowSeconds: number): number {
  return (budgetFraction * periodSeconds) / longWindowSeconds;
}

/** The workbook's short window: a twelfth of the long one. */
export function defaultShortWindowSeconds(longWindowSeconds: number): number {
  return longWindowSeconds / 12;
}

/**
 * How long the SLI may be missing before the no-data alert fires: the time a full
 * outage takes to spend 5% of the budget (the slow page tier's share), so a blind
 * spot hides no more than a page's worth of burn; at least 2m (a missed scrape or
 * two), at most 1h, in whole minutes.
 */
export function defaultNoDataForSeconds(objective: number, periodSeconds: number): number {
  const seconds = 0.05 * (1 - objective) * periodSeconds;
  return Math.min(3600, Math.max(120, Math.ceil(seconds / 60) * 60));
}

/** The error budget as time: 99.9% over 30d is 43m12s of full outage. */
export function budgetSeconds(slo: Pick<Slo, 'objective' | 'period'>): number {
  return (1 - slo.objective) * slo.period.seconds;
}

/** Every window an SLO records an error ratio for: its tiers' windows and its period, shortest first, by spelling. */
export function recordedWindows(slo: Slo): Window[] {
  const windows = new Map<string, Window>();
  const add = (window: Window) => windows.set(window.text, window);
  add({ text: '5m', seconds: BASE_WINDOW_SECONDS });
  for (const tier of slo.alerting?.tiers ?? []) {
    add(tier.longWindow);
    add(tier.shortWindow);
  }
  add(slo.period);
  return [...windows.values()].sort((a, b) => a.seconds - b.seconds || compareCodePoints(a.text, b.text));
}

/** Error ratio above which a tier fires: factor × (1 − objective). */
export function firingErrorRatio(tier: BurnRateTier, objective: number): number {
  return tier.factor * (1 - objective);
}

/**
 * Seconds from the start of a full outage (every event failing, after healthy traffic)
 * until the tier fires: both windows must burn past the factor, then `for` must pass.
 */
export function fullOutageFiresAfter(tier: BurnRateTier, objective: number): number {
  const threshold = firingErrorRatio(tier, objective);
  return threshold * Math.max(tier.longWindow.seconds, tier.shortWindow.seconds) + tier.for.seconds;
}
