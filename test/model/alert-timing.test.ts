import { describe, expect, it } from 'vitest';
import { firstFiring, simulate } from '../../src/model/alert-timing.ts';
import type { BurnRateTier } from '../../src/model/slo.ts';

const tier: BurnRateTier = {
  name: 'ticket',
  factor: 3,
  longWindow: { text: '1d', seconds: 86400 },
  shortWindow: { text: '2h', seconds: 7200 },
  for: { text: '1h', seconds: 3600 },
  severity: 'warning',
  budgetFraction: 0.1,
  labels: {},
  annotations: {},
} as unknown as BurnRateTier;
const slo = { objective: 0.999, alerting: { tiers: [tier] } };
const outage = [
  { minutes: 60, eventsPerMinute: 1000, errorsPerMinute: 0 },
  { minutes: 600, eventsPerMinute: 1000, errorsPerMinute: 1000 },
];

describe('the simulator stepped as a test file evaluates the rules', () => {
  it('every hour, a tier pends and fires only at whole hours, and holds its state between them', () => {
    const minutely = simulate(slo, outage);
    const hourly = simulate(slo, outage, 60);
    const first = firstFiring(minutely, 'ticket')!;
    const firstHourly = firstFiring(hourly, 'ticket')!;
    expect(firstHourly % 60).toBe(0);
    // The condition first holds at some minute; at an hourly step it is seen at the next whole hour, and `for` runs from there.
    expect(firstHourly).toBeGreaterThanOrEqual(first);
    expect(firstHourly).toBeLessThan(first + 60 + 60);
    for (let t = 0; t <= hourly.length; t++) expect(hourly.firing[t]!.has('ticket')).toBe(hourly.firing[t - (t % 60)]!.has('ticket'));
  });

  it('every minute by default, as before', () => {
    expect(simulate(slo, outage, 1)).toBe(simulate(slo, outage));
  });
});
