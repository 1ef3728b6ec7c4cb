/**
 * Hints for a value the schema refuses that is a right value written the wrong way: a
 * number or boolean in quotes, a duration without its unit, a percent where a ratio goes.
 * They read the schema of the refused value, so every field of a kind gets them.
 */
import { DURATION_PATTERN, formatDuration } from '../model/duration.ts';
import { formatNumber } from '../model/number.ts';

interface Schema {
  readonly type?: string | readonly string[];
  readonly pattern?: string;
  readonly maximum?: number;
  readonly exclusiveMaximum?: number;
}

/** `'99.9'`, ` 5 `, `'0.25'`, `'1e3'`, `'99.9%'`. */
const NUMBER_TEXT = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*(%?)\s*$/i;

const UNIT_WORDS: Readonly<Record<string, string>> = {
  ms: 'ms', millisecond: 'ms', milliseconds: 'ms',
  s: 's', sec: 's', secs: 's', second: 's', seconds: 's',
  m: 'm', min: 'm', mins: 'm', minute: 'm', minutes: 'm',
  h: 'h', hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
  d: 'd', day: 'd', days: 'd',
  w: 'w', week: 'w', weeks: 'w',
};

/** For a value of the wrong type (`expected` as ajv gives it: "number", "string,number"). */
export function typeHint(data: unknown, expected: string, schema: unknown): string {
  const { pattern } = schema as Schema;
  const types = expected.split(',');
  if (typeof data === 'string') {
    const number = NUMBER_TEXT.exec(data);
    if (number && (types.includes('number') || types.includes('integer'))) {
      const value = Number(number[1]);
      if (number[2] && isRatio(schema as Schema)) return `; write the ratio without quotes: ${formatNumber(value / 100)} for ${formatNumber(value)}%`;
      return `; write the number without quotes${number[2] ? ' or "%"' : ''}: ${formatNumber(value)}`;
    }
    if (types.includes('boolean') && /^(true|false)$/i.test(data.trim())) return `; write it without quotes: ${data.trim().toLowerCase()}`;
    return '';
  }
  if (typeof data === 'number' && pattern === DURATION_PATTERN) return durationHint(data);
  if ((typeof data === 'number' || typeof data === 'boolean') && types.includes('string') && (!pattern || new RegExp(pattern).test(String(data)))) {
    return `; quote it: "${String(data)}"`;
  }
  return '';
}

/** For a value of the right type but the wrong form or range. */
export function valueHint(data: unknown, schema: unknown): string {
  const { pattern, type } = schema as Schema;
  if (typeof data === 'string' && pattern === DURATION_PATTERN) {
    const number = NUMBER_TEXT.exec(data);
    const seconds = number && !number[2] ? Number(number[1]) : undefined;
    if (seconds !== undefined && seconds > 0) {
      // A field of "a duration or a number of seconds" takes the number as it is.
      if (type?.includes('number')) return `; for ${formatNumber(seconds)} seconds write the number without quotes, or the duration "${formatDuration(seconds)}"`;
      return durationHint(seconds);
    }
    const words = /^\s*(\d+)\s*([a-z]+)\s*$/i.exec(data);
    const unit = words && UNIT_WORDS[words[2]!.toLowerCase()];
    if (unit) return `; did you mean "${words![1]}${unit}"?`;
  }
  if (typeof data === 'number' && isRatio(schema as Schema) && data > 1 && data <= 100) {
    return `; it is a ratio: ${formatNumber(data)}% is ${formatNumber(data / 100)}`;
  }
  return '';
}

function durationHint(seconds: number): string {
  if (seconds === 0) return '; a duration needs a unit: "0s"';
  if (!(seconds >= 0.001)) return '';
  return `; a duration needs a unit: ${formatNumber(seconds)} seconds is "${formatDuration(seconds)}"`;
}

function isRatio(schema: Schema): boolean {
  return schema.maximum === 1 || schema.exclusiveMaximum === 1;
}
