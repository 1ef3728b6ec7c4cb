/**
 * What the window math predicts for a traffic profile: minute by minute, which burn-rate
 * tiers fire. The generated promtool tests assert these predictions against the real
 * rules, and the benchmark compares them with measured firing times.
 */
import type { BurnRateTier, Slo } from './slo.ts';

/** A stretch of uniform traffic: events and errors in each minute. */
export interface Segment {
  readonly minutes: number;
  readonly eventsPerMinute: number;
  readonly errorsPerMinute: number;
}

export interface Timeline {
  /** Minutes covered; series have a sample at every minute 0..length. */
  readonly length: number;
  /** Names of the tiers firing at each minute 0..length. */
  readonly firing: readonly ReadonlySet<string>[];
}

export function simulate(slo: Pick<Slo, 'objective'> & { alerting: { tiers: readonly BurnRateTier[] } | undefined }, profile: readonly Segment[]): Timeline {
  const events = [0];
  const errors = [0];
  for (const segment of profile) {
    for (let i = 0; i < segment.minutes; i++) {
      events.push(segment.eventsPerMinute);
      errors.push(segment.errorsPerMinute);
    }
  }
  const length = events.length - 1;
  const prefixEvents = prefixSums(events);
  const prefixErrors = prefixSums(errors);
  const sum = (prefix: number[], t: number, minutes: number) => prefix[t]! - prefix[Math.max(0, t - minutes)]!;
  const budget = 1 - slo.objective;
  const tiers = slo.alerting?.tiers ?? [];
  const pendingSince = new Map<string, number>();
  const firing: Set<string>[] = [];
  for (let t = 0; t <= length; t++) {
    const now = new Set<string>();
    for (const tier of tiers) {
      const burns = (seconds: number) => {
        const minutes = Math.round(seconds / 60);
        const total = sum(prefixEvents, t, minutes);
        return total > 0 && sum(prefixErrors, t, minutes) / total / budget > tier.factor;
      };
      const observed = Math.min(t, Math.round(tier.longWindow.seconds / 60));
      const busyEnough = tier.minRequestRate === undefined || (observed > 0 && sum(prefixEvents, t, observed) / (observed * 60) >= tier.minRequestRate);
      if (burns(tier.longWindow.seconds) && burns(tier.shortWindow.seconds) && busyEnough) {
        if (!pendingSince.has(tier.name)) pendingSince.set(tier.name, t);
        if (t - pendingSince.get(tier.name)! >= tier.for.seconds / 60) now.add(tier.name);
      } else {
        pendingSince.delete(tier.name);
      }
    }
    firing.push(now);
  }
  return { length, firing };
}

/**
 * The tiers firing at minute `t`, if each tier's state holds from `t - margin(tier)` to
 * `t + margin(tier)`, so lags the math leaves out (5m rate ramps, slower long-window
 * groups) cannot flip it; otherwise undefined.
 */
export function stableFiringAt(timeline: Timeline, t: number, tiers: readonly string[], margin: (tier: string) => number): ReadonlySet<string> | undefined {
  const at = timeline.firing[t];
  if (!at) return undefined;
  for (const tier of tiers) {
    for (let m = Math.max(0, t - margin(tier)); m <= Math.min(timeline.length, t + margin(tier)); m++) {
      if (timeline.firing[m]!.has(tier) !== at.has(tier)) return undefined;
    }
  }
  return at;
}

/** First minute at or after `from` at which `tier` fires, or undefined. */
export function firstFiring(timeline: Timeline, tier: string, from = 0): number | undefined {
  for (let t = from; t <= timeline.length; t++) if (timeline.firing[t]!.has(tier)) return t;
  return undefined;
}

/** prefix[t] = values[0] + … + values[t]; values[0] is the first sample, with no events before it. */
function prefixSums(values: readonly number[]): number[] {
  let total = 0;
  return values.map((value) => (total += value));
}

/** First minute at or after `from` at which `tier` is not firing, or undefined. */
export function firstResolved(timeline: Timeline, tier: string, from: number): number {
  for (let t = from; t <= timeline.length; t++) if (!timeline.firing[t]!.has(tier)) return t;
  return timeline.length + 1;
}
