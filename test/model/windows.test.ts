import { describe, expect, it } from 'vitest';
import { DEFAULT_TIERS, burnFactor, defaultNoDataForSeconds, windowPlan } from '../../src/model/windows.ts';
import { formatNumber } from '../../src/model/number.ts';
import { parseDuration } from '../../src/model/duration.ts';

const defaultFactors = (period: string) =>
  Object.values(DEFAULT_TIERS).map((tier) => formatNumber(burnFactor(tier.budgetPercent / 100, parseDuration(period)!, parseDuration(tier.longWindow)!)));

describe('burn-rate factors from the budget-consumption table', () => {
  it.each([
    ['30d', ['14.4', '6', '3', '1']],
    ['28d', ['13.44', '5.6', '2.8', '0.933333333333']],
    ['7d', ['3.36', '1.4', '0.7', '0.233333333333']],
  ])('a %s period gives factors %j for 2%/1h, 5%/6h, 10%/1d and 10%/3d', (period, factors) => {
    expect(defaultFactors(period)).toEqual(factors);
  });

  it('a factor is the budget share times the period over the long window', () => {
    expect(burnFactor(0.02, 30 * 86400, 3600)).toBeCloseTo(14.4, 12);
    expect(burnFactor(0.05, 90 * 86400, 6 * 3600)).toBeCloseTo(18, 12);
  });
});

describe('the no-data alert waits 5% of the error budget as time, 2m to 1h', () => {
  it.each([
    [0.999, 30, 180], // 5% of 43m12s is 2m9.6s, rounded up to whole minutes
    [0.99, 30, 1320], // 21m36s → 22m
    [0.9999, 30, 120], // 13s → the 2m floor
    [0.9, 30, 3600], // 3h36m → the 1h ceiling
  ])('objective %d over %dd waits %ds', (objective, days, seconds) => {
    expect(defaultNoDataForSeconds(objective, days * 86400)).toBe(seconds);
  });
});

describe('how each window is summed: minutes under a day, hourly tiles and the minutes at both ends from a day on', () => {
  it.each([
    ['5m', { kind: 'minutes', minutes: 5 }],
    ['6h', { kind: 'minutes', minutes: 360 }],
    ['100m', { kind: 'minutes', minutes: 100 }],
    ['8m20s', { kind: 'minutes', minutes: 8 }], // a twelfth of 100m, rounded to whole minutes
    ['1d', { kind: 'hours', hours: 24, extraMinutes: 0, tiles: 22, oldestHourParityFlipped: false }],
    ['3d', { kind: 'hours', hours: 72, extraMinutes: 0, tiles: 70, oldestHourParityFlipped: false }],
    ['30d', { kind: 'hours', hours: 720, extraMinutes: 0, tiles: 718, oldestHourParityFlipped: false }],
    ['1d1h30m', { kind: 'hours', hours: 25, extraMinutes: 30, tiles: 23, oldestHourParityFlipped: true }],
  ])('%s is %j', (text, plan) => {
    expect(windowPlan({ text, seconds: parseDuration(text)! })).toEqual(plan);
  });
});
