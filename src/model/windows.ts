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

/** The 5m rate every other window is built from. */
export const BASE_WINDOW_SECONDS = 300;

/** Windows this long or longer are computed by the slower long-window groups. */
export const LONG_WINDOW_SECONDS = 86400;

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
