/**
 * Synthetic traffic for the rule-cost and accuracy runs: one SLO over 1,000 counter
 * series (100 instances × 10 status codes), a sample a minute. Uneven on purpose:
 * busy hours (09–17 UTC) carry 20× the requests at a low error ratio, quiet hours few
 * requests at a high one, so an average of 5m ratios (Sloth's 30d SLI) weights the
 * quiet hours far beyond their share of events. One 30-minute incident near the end
 * shows how each window follows a burn and its end. Deterministic: a seeded generator.
 */
export const METRIC = 'http_request_duration_seconds_count';
export const JOB = 'myservice';
export const INSTANCES = 100;
export const CODES = ['200', '201', '204', '301', '304', '400', '404', '429', '500', '503'] as const;
/** The Sloth spec's error selector: `code=~"(5..|429)"`. */
export const isError = (code: string): boolean => /^(5..|429)$/.test(code);
const GOOD_SHARE: Record<string, number> = { '200': 0.8, '201': 0.05, '204': 0.05, '301': 0.02, '304': 0.03, '400': 0.03, '404': 0.02 };
const ERROR_SHARE: Record<string, number> = { '429': 0.2, '500': 0.5, '503': 0.3 };

export const BUSY = { requestsPerMinute: 1200, errorRatio: 0.0002 } as const;
export const QUIET = { requestsPerMinute: 60, errorRatio: 0.005 } as const;
/** One incident: 30 minutes of 2% errors, a 20x burn of the 99.9% SLO, at the traffic of its hours. */
export const BURN = { minutes: 30, errorRatio: 0.02 } as const;
export const STEP_SECONDS = 60;

export function isBusy(unixSeconds: number): boolean {
  const hour = Math.floor(unixSeconds / 3600) % 24;
  return hour >= 9 && hour < 17;
}

export interface Series {
  readonly instance: string;
  readonly code: string;
  readonly labels: string;
}

export function allSeries(): Series[] {
  const series: Series[] = [];
  for (let i = 0; i < INSTANCES; i++) {
    const instance = `i-${String(i).padStart(3, '0')}`;
    for (const code of CODES) series.push({ instance, code, labels: `{job="${JOB}",instance="${instance}",code="${code}"}` });
  }
  return series;
}

/** Mulberry32: small, fast, deterministic. */
export function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Expected events of one series in the minute ending at `unixSeconds`: the instance's weight, the hour's load, the code's share; the burn's error ratio during (burnEnd − 30m, burnEnd]. */
export function expectedPerMinute(series: Series, index: number, unixSeconds: number, burnEnd: number): number {
  const hours = isBusy(unixSeconds) ? BUSY : QUIET;
  const burning = unixSeconds > burnEnd - BURN.minutes * 60 && unixSeconds <= burnEnd;
  const load = burning ? { requestsPerMinute: hours.requestsPerMinute, errorRatio: BURN.errorRatio } : hours;
  const weight = 0.6 + 0.8 * ((index * 37) % 100) / 100;
  const share = isError(series.code) ? load.errorRatio * ERROR_SHARE[series.code]! : (1 - load.errorRatio) * GOOD_SHARE[series.code]!;
  return load.requestsPerMinute * weight * share;
}
