/**
 * A block-style YAML emitter for the plain data sloforge writes (objects, arrays, strings,
 * numbers, booleans, null), byte for byte what `yaml`'s stringify writes with the options
 * of serialize.ts, at a fraction of its cost: `yaml` builds a document of nodes first.
 * Only strings that are safe as plain scalars by a conservative test are written here;
 * every other string is written by `yaml` itself (quoting, escapes, block scalars), and
 * any value outside plain data gives the whole document to `yaml`.
 */
import { Document, stringify, type ToStringOptions, type CreateNodeOptions, type DocumentOptions, type SchemaOptions } from 'yaml';
import { RecentValues } from '../model/recent-values.ts';

/** yaml's replacer, for the strings left to yaml: it may give a string a style (a Scalar), never change plain data. */
type Replacer = (key: unknown, value: unknown) => unknown;
type Options = DocumentOptions & SchemaOptions & CreateNodeOptions & ToStringOptions;

/** Not plain data: the whole document goes to `yaml`. */
class NotPlainData extends Error {}

export function emitYaml(data: unknown, replacer: Replacer, options: Options): string {
  try {
    return `${new Emitter(replacer, options).root(data)}\n`;
  } catch (error) {
    if (error instanceof NotPlainData) return stringify(data, replacer, options);
    throw error;
  }
}

/**
 * A string `yaml` writes as it is, in any block context: printable ASCII, no indicator
 * where YAML gives it meaning (yaml's own test), no document marker, and nothing the
 * schema would read as another type (yaml's own tests: null, booleans, numbers).
 */
const UNSAFE_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const OUTSIDE_PRINTABLE_ASCII = /[^\x20-\x7e]/;
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/;
const OTHER_TYPES = new Document().schema.tags.flatMap((tag) => (tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test ? [tag.test] : []));

/**
 * How a value is written where yaml writes it the same way in any block context: as it
 * is, or quoted (a one-line string: printable ASCII, no document marker); undefined for
 * the strings left to yaml. yaml writes a value of any length on one line (lineWidth 0).
 */
function plainOrQuoted(value: string): string | undefined {
  if (OUTSIDE_PRINTABLE_ASCII.test(value) || DOCUMENT_MARKER.test(value)) return undefined;
  return value !== '' && !UNSAFE_PLAIN.test(value) && !OTHER_TYPES.some((test) => test.test(value)) ? value : quoted(value);
}

/** A key yaml writes plainly; over 1024 characters, a key would need the explicit `? ` form. Keys repeat: each is tested once. */
function isSafePlainKey(key: string): boolean {
  return safeKeys.get(key, () => key.length <= 1024 && plainOrQuoted(key) === key);
}
const safeKeys = new RecentValues<string, boolean>(4096);

/**
 * Lines of printable ASCII that yaml writes as a literal block stripped of its final line
 * break (`|-`): starting with neither a space nor a line break, ending in neither.
 */
const SIMPLE_BLOCK = /^(?=[^]*\n)[\x21-\x7e][\x20-\x7e\n]*[\x21-\x7e]$/;

/** yaml's choice: single quotes for a string with double quotes and no single ones, else JSON's double quotes. */
function quoted(value: string): string {
  return value.includes('"') && !value.includes("'") ? `'${value}'` : JSON.stringify(value);
}

const STEP = '  ';

/**
 * Writes into a list of pieces joined once at the end: a string built by `+=` is a tree
 * of pieces, which writing the file must first flatten, long after they were made.
 */
class Emitter {
  private readonly parts: string[] = [];

  constructor(
    private readonly replacer: Replacer,
    private readonly options: Options,
  ) {}

  root(value: unknown): string {
    if (isPlainObject(value)) {
      if (Object.keys(value).length === 0) return '{}';
      this.map(value, '');
    } else if (Array.isArray(value)) {
      if (value.length === 0) return '[]';
      this.seq(value, '');
    } else {
      throw new NotPlainData();
    }
    return this.parts.join('');
  }

  /** A non-empty map's lines, the first without indentation (the caller has placed it). */
  private map(object: Record<string, unknown>, indent: string): void {
    let first = true;
    for (const key of Object.keys(object)) {
      const value = object[key];
      if (value === undefined) continue;
      if (!isSafePlainKey(key)) throw new NotPlainData();
      this.parts.push(first ? `${key}:` : `\n${indent}${key}:`);
      first = false;
      this.valueInMap(value, indent);
    }
    // A map whose values are all undefined is written by yaml as {}: rare enough to leave to it.
    if (first) throw new NotPlainData();
  }

  private valueInMap(value: unknown, indent: string): void {
    const inner = indent + STEP;
    if (Array.isArray(value)) {
      if (value.length === 0) this.parts.push(' []');
      else {
        this.parts.push(`\n${inner}`);
        this.seq(value, inner);
      }
    } else if (isPlainObject(value)) {
      if (Object.keys(value).length === 0) this.parts.push(' {}');
      else {
        this.parts.push(`\n${inner}`);
        this.map(value, inner);
      }
    } else {
      this.parts.push(' ', this.scalar(value, inner, 'map'));
    }
  }

  /** A non-empty sequence's lines, the first without indentation. */
  private seq(items: readonly unknown[], indent: string): void {
    const inner = indent + STEP;
    for (let i = 0; i < items.length; i++) {
      this.parts.push(i === 0 ? '- ' : `\n${indent}- `);
      this.item(items[i], inner);
    }
  }

  private item(value: unknown, inner: string): void {
    if (Array.isArray(value)) {
      if (value.length === 0) this.parts.push('[]');
      else this.seq(value, inner);
    } else if (isPlainObject(value)) {
      if (Object.keys(value).length === 0) this.parts.push('{}');
      else this.map(value, inner);
    } else {
      if (value === undefined) throw new NotPlainData();
      this.parts.push(this.scalar(value, inner, 'seq'));
    }
  }

  /** `indent`: where yaml's continuation lines (block scalars, folded quotes) start. */
  private scalar(value: unknown, indent: string, context: 'map' | 'seq'): string {
    if (value === null) return 'null';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value < 0 ? '-.inf' : '.inf';
      return Object.is(value, -0) ? '-0' : JSON.stringify(value);
    }
    if (typeof value === 'string') {
      const written = plainOrQuoted(value);
      if (written !== undefined) return written;
      if (SIMPLE_BLOCK.test(value)) return `|-\n${indent}${value.replace(/\n+/g, `$&${indent}`)}`;
      return this.byYaml(value, indent, context);
    }
    throw new NotPlainData();
  }

  /**
   * yaml's own text for a string, written alone in the same kind of place one level deep
   * (continuation lines indented by one step), its continuation lines moved to `indent`.
   */
  private byYaml(value: string, indent: string, context: 'map' | 'seq'): string {
    const text = context === 'map' ? stringify({ k: value }, this.replacer, this.options) : stringify([value], this.replacer, this.options);
    const body = text.slice(context === 'map' ? 'k: '.length : '- '.length, -1);
    if (!body.includes('\n')) return body;
    // Only a block scalar or a folded quoted string spans lines; yaml leaves blank lines unindented.
    const lines = body.split('\n');
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      if (line === '') continue;
      if (!line.startsWith(STEP)) throw new NotPlainData();
      lines[i] = indent + line.slice(STEP.length);
    }
    return lines.join('\n');
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) throw new NotPlainData();
  // yaml calls toJSON where an object has one.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') throw new NotPlainData();
  return true;
}
