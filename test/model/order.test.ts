import { describe, expect, it } from 'vitest';
import { compareCodePoints } from '../../src/model/order.ts';

describe('compareCodePoints', () => {
  it('orders by code point, not by any language: upper case before lower, aa before b', () => {
    expect(['b', 'aa', 'a', 'B', 'ab', 'å'].sort(compareCodePoints)).toEqual(['B', 'a', 'aa', 'ab', 'b', 'å']);
  });

  it('puts a code point above U+FFFF after U+FFFD, where UTF-16 units would put it before', () => {
    expect(['😀', '\uFFFD', 'z'].sort(compareCodePoints)).toEqual(['z', '\uFFFD', '😀']);
    expect(compareCodePoints('x', 'x')).toBe(0);
  });
});
