import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/model/duration.ts';
import { formatNumber } from '../../src/model/number.ts';

describe('durations read and written as Prometheus does', () => {
  it.each([
    ['5m', 300],
    ['1h30m', 5400],
    ['30d', 2592000],
    ['2w', 1209600],
    ['100ms', 0.1],
    ['1y', 31536000],
  ])('%s is %d seconds', (text, seconds) => expect(parseDuration(text)).toBe(seconds));

  it.each(['', '5', 'm5', '1h1h', '30m1h', '1.5h', '5 m', '0s', '-5m'])('%j is not a duration', (text) => expect(parseDuration(text)).toBeUndefined());

  it.each([
    [2592, '43m12s'],
    [300, '5m'],
    [86400 * 28, '28d'],
    [3600 + 0.25, '1h250ms'],
  ])('%d seconds is written %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text));
});

describe('numbers are written without float noise', () => {
  it.each([
    [0.02 * 720, '14.4'],
    [0.1 + 0.2, '0.3'],
    [99.9 / 100, '0.999'],
    [1 - 0.999, '0.001'],
    [1e-7, '1e-7'],
    [30, '30'],
  ])('%d is written %s', (value, text) => expect(formatNumber(value)).toBe(text));
});
