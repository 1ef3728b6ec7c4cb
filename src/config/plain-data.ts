/**
 * The plain-data copy of what a TS or JS config exports, taken once at load: every later
 * step reads a tree of strings, numbers, booleans, lists and plain objects, and nothing it
 * reads can run code (a getter), hide entries (a Map) or skip items (a sparse array).
 */
import { MAX_DEPTH } from './limits.ts';

/** Stands in the copy for a value that is not plain data; limitProblems reports `reason` at its path. */
export class NotPlainData {
  constructor(readonly reason: string) {}
}

const PLAIN = 'a config holds plain values: strings, numbers, booleans, lists and objects';

/**
 * A copy of `value` made of plain data only, each value that is not plain data replaced by
 * a NotPlainData saying why. Shared objects stay shared and cycles stay cycles (limitProblems
 * reports them); `thrown` says what a getter threw, and where.
 */
export function plainData(value: unknown, thrown: (error: unknown) => string): unknown {
  const copies = new Map<object, unknown>();
  const copy = (value: unknown, depth: number): unknown => {
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'function') return new NotPlainData(`is a function; ${PLAIN}`);
      if (typeof value === 'symbol' || typeof value === 'bigint') return new NotPlainData(`is a ${typeof value}; ${PLAIN}`);
      return value;
    }
    // Deeper than limitProblems looks: what it sees there is enough to refuse the nesting.
    if (depth > MAX_DEPTH + 1) return {};
    const known = copies.get(value);
    if (known !== undefined) return known;
    const refused = notPlainKind(value);
    if (refused) return new NotPlainData(refused);
    try {
      if (Array.isArray(value)) {
        const items: unknown[] = [];
        copies.set(value, items);
        for (let index = 0; index < value.length; index++) {
          items.push(index in value ? copy(value[index], depth + 1) : new NotPlainData(`is a hole in a sparse list (nothing at index ${index}); write every item, or remove the extra comma`));
        }
        return items;
      }
      const fields: Record<string, unknown> = {};
      copies.set(value, fields);
      for (const key of Object.keys(value)) {
        let field: unknown;
        try {
          field = (value as Record<string, unknown>)[key];
        } catch (error) {
          fields[key] = new NotPlainData(`reading it threw: ${thrown(error)}`);
          continue;
        }
        fields[key] = copy(field, depth + 1);
      }
      return fields;
    } catch (error) {
      // A Proxy whose traps throw.
      return new NotPlainData(`reading it threw: ${thrown(error)}`);
    }
  };
  return copy(value, 0);
}

/** Why an object is not a plain object or list, or undefined when it is one. */
function notPlainKind(value: object): string | undefined {
  if (value instanceof Map) return 'is a Map, which a config cannot read; write a plain object: { name: value, ... }';
  if (value instanceof Set) return 'is a Set, which a config cannot read; write a list: [ ... ]';
  if (value instanceof Promise) return 'is a Promise; await it before exporting the config';
  if (Array.isArray(value)) return undefined;
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype === null || prototype === Object.prototype) return undefined;
  // A class instance from another realm (vm) has another Object.prototype: plain all the same.
  if (Object.getPrototypeOf(prototype) === null && prototype.constructor?.name === 'Object') return undefined;
  const name = (prototype.constructor as { name?: string } | undefined)?.name;
  return `is ${name ? `a ${name}` : 'an object with a prototype'}, not a plain object; ${PLAIN}`;
}
