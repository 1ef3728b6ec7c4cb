/**
 * What the window math predicts for a traffic profile: minute by minute, which burn-rate
 * tiers fire. A window at minute t holds the events of minutes t − W + 1 … t, its length
 * rounded to whole minutes, exactly as the recorded windows do (see windows.ts). The
 * generated promtool tests assert these predictions against the real rules, and the
 * benchmark compares them with measured firing times.
 */
import type { BurnRateTier, Slo } from './slo.ts';
import { windowMinutes } from './windows.ts';
import { RecentValues } from './recent-values.ts';

/** A stretch of uniform traffic: events and errors in each minute. */
export interface Segment {
  readonly minutes: number;
  readonly eventsPerMinute: number;
  readonly errorsPerMinute: number;
}

export interface Timeline {
  /** Minutes covered; series have a sample at every minute 0..length. */
  readonly length: number;
  /** Minutes between the rules' evaluations; between two, a minute holds the state of the last. */
  readonly step: number;
  /** Names of the tiers firing at each minute 0..length. */
  readonly firing: readonly ReadonlySet<string>[];
}

type SimulatedSlo = Pick<Slo, 'objective'> & { alerting: { tiers: readonly BurnRateTier[] } | undefined };

/**
 * Timelines of the last simulations: a config of many SLOs with the same objective and
 * tiers asks for the same ones again and again. Bounded, as each holds a set per minute.
 * Callers share them, and minutes share their sets: read them only (the timeline is frozen).
 */
const recent = new RecentValues<string, Timeline>(64);

/** The tiers as the simulation reads them, spelt once per list of tiers. */
export function tiersKey(tiers: readonly BurnRateTier[]): string {
  let key = tierKeys.get(tiers);
  if (key === undefined) tierKeys.set(tiers, (key = JSON.stringify(tiers.map((t) => [t.name, t.factor, t.longWindow.seconds, t.shortWindow.seconds, t.for.seconds, t.minRequestRate ?? null]))));
  return key;
}
const tierKeys = new WeakMap<readonly BurnRateTier[], string>();

/** `step`: minutes between evaluations of the rules, from minute 0, as promtool's `evaluation_interval`. */
export function simulate(slo: SimulatedSlo, profile: readonly Segment[], step = 1): Timeline {
  const tiers = slo.alerting?.tiers ?? [];
  let profileKey = '';
  for (const segment of profile) profileKey += `${segment.minutes},${segment.eventsPerMinute},${segment.errorsPerMinute};`;
  const key = `${slo.objective} ${tiersKey(tiers)} ${step} ${profileKey}`;
  return recent.get(key, () => simulateMinutes(1 - slo.objective, tiers, profile, step));
}

function simulateMinutes(budget: number, tiers: readonly BurnRateTier[], profile: readonly Segment[], step: number): Timeline {
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
  const burns = (t: number, minutes: number, factor: number) => {
    const total = sum(prefixEvents, t, minutes);
    return total > 0 && sum(prefixErrors, t, minutes) / total / budget > factor;
  };
  // One bit per tier; each combination's set is made once and shared by every minute that has it.
  const setsByMask = new Map<number, ReadonlySet<string>>();
  const setOf = (mask: number) => setsByMask.get(mask) ?? setsByMask.set(mask, new Set(tiers.filter((_, i) => mask & (1 << i)).map((t) => t.name))).get(mask)!;
  const shape = tiers.map((tier) => ({ ...tier, longMinutes: windowMinutes(tier.longWindow), shortMinutes: windowMinutes(tier.shortWindow), forMinutes: tier.for.seconds / 60 }));
  const pendingSince: (number | undefined)[] = tiers.map(() => undefined);
  const firing: ReadonlySet<string>[] = [];
  // Closures stay out of this loop: tsx names every function it creates, which costs more than the math.
  let mask = 0;
  for (let t = 0; t <= length; t++) {
    if (t % step !== 0) {
      firing.push(setOf(mask));
      continue;
    }
    mask = 0;
    for (let i = 0; i < shape.length; i++) {
      const tier = shape[i]!;
      const observed = Math.min(t, tier.longMinutes);
      const busyEnough = tier.minRequestRate === undefined || (observed > 0 && sum(prefixEvents, t, observed) / (observed * 60) >= tier.minRequestRate);
      if (burns(t, tier.longMinutes, tier.factor) && burns(t, tier.shortMinutes, tier.factor) && busyEnough) {
        pendingSince[i] ??= t;
        if (t - pendingSince[i]! >= tier.forMinutes) mask |= 1 << i;
      } else {
        pendingSince[i] = undefined;
      }
    }
    firing.push(setOf(mask));
  }
  return Object.freeze({ length, step, firing: Object.freeze(firing) });
}

/**
 * The tiers firing at minute `t`, if each tier's state holds from `t - margin(tier)` to
 * `t + margin(tier)`, so what the math leaves out (the minimum request rate's 5m rates)
 * cannot flip it; otherwise undefined.
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
