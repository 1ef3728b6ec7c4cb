/**
 * `json` artifacts are JSON.stringify of the data with its keys sorted by code point at
 * every depth, whatever order they were built in: the reference is the plain recursive sort
 * serialize.ts used before it remembered each shape's order. Random trees with integer-like
 * keys, `__proto__`, keys holding the separator of shapes, undefined and null values.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toJson } from '../../src/output/serialize.ts';
import { compareCodePoints } from '../../src/model/order.ts';
import { awkwardText } from '../property/arbitraries.ts';

function reference(data: unknown): string {
  const sort = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sort);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.keys(value)
        .sort(compareCodePoints)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .map((key) => [key, sort((value as Record<string, unknown>)[key])]),
    );
  };
  return `${JSON.stringify(sort(data), null, 2)}\n`;
}

const key = fc.oneof(fc.constantFrom('0', '1', '10', '2', '01', '-1', '4294967295', 'a', 'B', 'aa', 'é', '\u{1f600}', '\uffff', '__proto__', '', 'a\u0000', '\u0000b', 'a\u0000b'), fc.string(), awkwardText);
const leaf = fc.oneof(awkwardText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('tree'), { maxLength: 4 }), fc.dictionary(key, tie('tree'), { maxKeys: 5 })),
}));

describe('JSON artifacts', () => {
  it('are written as JSON.stringify over the key-sorted copy, for any tree', () => {
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(key, tree, { maxKeys: 5 }), fc.array(tree, { maxLength: 4 })), (data) => {
        expect(toJson(data)).toBe(reference(data));
      }),
      { numRuns: 3000 },
    );
  });

  it('keep each object its own keys when two shapes join to the same text', () => {
    const data = [{ a: 0, '': 0, b: 0 }, { 'a\u0000': 1, b: 2 }, { a: 3, '\u0000b': 4 }, { b: 5, 'a\u0000': 6 }, { '\u0000b': 7, a: 8 }];
    expect(toJson(data)).toBe(reference(data));
    expect(toJson({ a: 1, b: 2 }) + toJson({ b: 1, a: 2 })).toBe(reference({ a: 1, b: 2 }) + reference({ b: 1, a: 2 }));
  });

  it('keep integer-like keys first, in numeric order, and __proto__ as a key', () => {
    const data = JSON.parse('{"b":1,"10":2,"__proto__":{"z":[],"y":{}},"2":3}') as unknown;
    expect(toJson(data)).toBe('{\n  "2": 3,\n  "10": 2,\n  "__proto__": {\n    "y": {},\n    "z": []\n  },\n  "b": 1\n}\n');
  });
});
