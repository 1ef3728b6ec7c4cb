/**
 * A problem in the config, with the path of the value it is about, list items named:
 * `services[checkout].slos[availability].objective`; from a YAML or JSON file also the
 * line and column of that value.
 */
import { escapeText } from './text.ts';

export interface Diagnostic {
  readonly path: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export type Path = readonly (string | number)[];

/** Where a value is written in the config's text, both counted from 1. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** The position of the value at a path, or of its nearest written ancestor; undefined for configs without text (TS). */
export type Locate = (path: Path) => Position | undefined;

/** The most problems a report lists; the rest are counted. A config with 200,000 unknown fields needs its first few fixed first. */
export const MAX_SHOWN_PROBLEMS = 20;

/** Thrown when a config cannot be used; carries every problem found, not just the first. */
export class ConfigError extends Error {
  /**
   * `uncounted`: problems found beyond `diagnostics` that were not turned into
   * diagnostics (a bound on the work); they count in the total.
   */
  constructor(
    readonly file: string,
    readonly diagnostics: readonly Diagnostic[],
    uncounted = 0,
  ) {
    const total = diagnostics.length + uncounted;
    const shown = diagnostics.slice(0, MAX_SHOWN_PROBLEMS).map(formatDiagnostic);
    if (total > shown.length) shown.push(`  … and ${total - shown.length} more problem${total - shown.length === 1 ? '' : 's'}, not shown`);
    super(`${escapeText(file)}: ${total} problem${total === 1 ? '' : 's'}\n${shown.join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** One line per problem; what it echoes of the config escaped, so that no control character reaches the terminal. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = diagnostic.line === undefined ? '' : ` (line ${diagnostic.line}, column ${diagnostic.column})`;
  const message = escapeText(diagnostic.message);
  return diagnostic.path ? `  ${escapeText(diagnostic.path)}: ${message}${where}` : `  ${message}${where}`;
}

/** `['services', 0, 'slos', 1]` → `services[0].slos[1]`: the plain path, by index. */
export function configPath(segments: Path): string {
  return segments.map((segment, index) => pathSegment(segment, index)).join('');
}

function pathSegment(segment: string | number, index: number): string {
  if (typeof segment === 'number') return `[${segment}]`;
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) return `[${JSON.stringify(segment)}]`;
  return index === 0 ? segment : `.${segment}`;
}

/** Names longer than this are shown by index: a path must stay readable. */
const MAX_SHOWN_NAME = 100;

/**
 * How diagnostics show the places of one config: an item of a list by its `name` (or
 * `title`) where that is valid and unique among its siblings, else by index; with the
 * position in the file where the config has a text.
 */
export class ConfigPaths {
  private readonly counts = new WeakMap<readonly unknown[], Map<string, number>>();

  constructor(
    private readonly config: unknown,
    private readonly options: {
      /** Plain paths (configPath) of values the schema refused: a name among them names nothing. */
      readonly invalid?: ReadonlySet<string>;
      readonly locate?: Locate;
    } = {},
  ) {}

  /** `['services', 0, 'slos', 1, 'objective']` → `services[checkout].slos[latency].objective`. */
  name(path: Path): string {
    let value: unknown = this.config;
    return path
      .map((segment, index) => {
        const parent = value;
        value = isRecord(parent) || Array.isArray(parent) ? (parent as Record<string | number, unknown>)[segment] : undefined;
        if (typeof segment !== 'number' || !Array.isArray(parent)) return pathSegment(segment, index);
        const name = this.itemName(parent, segment, path.slice(0, index));
        if (name === undefined) return `[${segment}]`;
        return /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name) && !/^\d+$/.test(name) ? `[${name}]` : `[${JSON.stringify(name)}]`;
      })
      .join('');
  }

  diagnostic(path: Path, message: string): Diagnostic {
    const position = path.length > 0 ? this.options.locate?.(path) : undefined;
    return { path: this.name(path), message, ...position };
  }

  private itemName(list: readonly unknown[], index: number, listPath: Path): string | undefined {
    const item = list[index];
    if (!isRecord(item)) return undefined;
    const key = 'name' in item ? 'name' : 'title' in item ? 'title' : undefined;
    const name = key && item[key];
    if (!key || typeof name !== 'string' || name.trim() === '' || name.length > MAX_SHOWN_NAME || /[\p{Cc}]/u.test(name)) return undefined;
    if (this.options.invalid?.has(configPath([...listPath, index, key]))) return undefined;
    return this.siblingsNamed(list, key, name) === 1 ? name : undefined;
  }

  private siblingsNamed(list: readonly unknown[], key: string, name: string): number {
    let counts = this.counts.get(list);
    if (!counts) {
      counts = new Map();
      for (const item of list) {
        if (!isRecord(item)) continue;
        for (const field of ['name', 'title']) {
          const id = `${field}\n${String(item[field])}`;
          if (typeof item[field] === 'string') counts.set(id, (counts.get(id) ?? 0) + 1);
        }
      }
      this.counts.set(list, counts);
    }
    return counts.get(`${key}\n${name}`) ?? 0;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects diagnostics, each once, so checks deep in the tree need not know how paths are shown. */
export class DiagnosticList {
  readonly items: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  constructor(readonly paths: ConfigPaths = new ConfigPaths(undefined)) {}

  add(path: Path, message: string): void {
    const diagnostic = this.paths.diagnostic(path, message);
    const key = `${diagnostic.path}\n${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(diagnostic);
  }

  /** A path as diagnostics show it, for a message that points at another place. */
  name(path: Path): string {
    return this.paths.name(path);
  }
}
