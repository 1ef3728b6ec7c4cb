/**
 * Caps on what a config may hold, checked before anything else reads it, so a
 * pathological file gets a clear error instead of a hang, a crash or a 100 MB output.
 */
import { Parser, CST, isAlias, isCollection, isPair, visit, type Document, type Node } from 'yaml';
import { configPath, type ConfigPaths, type Diagnostic } from './diagnostics.ts';
import { textProblem } from './text.ts';
import { NotPlainData } from './plain-data.ts';

/** Larger config files are refused unread. 100,000 SLOs take about 30 MB of JSON or YAML. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Longest string, value or field name: far above any PromQL expression or description a person writes. */
export const MAX_STRING_LENGTH = 65_536;
/** Deepest nesting; the config's own shape needs 7 levels. */
export const MAX_DEPTH = 32;
/** YAML aliases (`*name`) expanded per file: enough for sharing blocks, too few for an alias bomb. */
export const MAX_YAML_ALIASES = 100;

/**
 * Smallest and largest magnitude of a number in a config: no objective, ratio, rate or
 * capacity needs more, and beyond them products and quotients of the window math
 * underflow to 0 or overflow to Infinity.
 */
export const MIN_MAGNITUDE = 1e-9;
export const MAX_MAGNITUDE = 1e15;

/** Values YAML aliases may add to a file when expanded: a hundred aliases of a big block add millions, and take a minute to build. */
export const MAX_YAML_ALIAS_VALUES = 100_000;

/** How many values the aliases of a YAML document add once expanded, counted without expanding them (stopping past `limit`). */
export function aliasExpansion(document: Document, limit = MAX_YAML_ALIAS_VALUES): number {
  const sizes = new Map<Node, number>();
  const size = (node: unknown, open: Set<unknown>): number => {
    if (isAlias(node)) {
      const target = node.resolve(document);
      return target && !open.has(target) ? size(target, open) : 1;
    }
    if (!isCollection(node)) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    open.add(node);
    let total = 1;
    for (const item of node.items) {
      total += isPair(item) ? size(item.key, open) + size(item.value, open) : size(item, open);
      if (total > limit) break;
    }
    open.delete(node);
    sizes.set(node, total);
    return total;
  };
  let added = 0;
  visit(document, {
    Alias(_, alias) {
      added += size(alias, new Set());
      if (added > limit) return visit.BREAK;
      return undefined;
    },
  });
  return added;
}

export const TOO_DEEP = `is nested more than ${MAX_DEPTH} levels deep; a config needs far fewer`;

/** Every string too long or holding what YAML cannot carry, number not finite, value that is not plain data, cycle, and the first nesting too deep. */
export function limitProblems(config: unknown, paths: ConfigPaths): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const path: (string | number)[] = [];
  const ancestors: object[] = [];
  let tooDeep = false;
  const add = (message: string, at = path) => problems.push(paths.diagnostic(at, message));
  const visit = (value: unknown): void => {
    if (path.length > MAX_DEPTH) {
      if (!tooDeep) add(TOO_DEEP);
      tooDeep = true;
      return;
    }
    if (typeof value === 'string') {
      if (value.length > MAX_STRING_LENGTH) add(`is ${value.length} characters long; at most ${MAX_STRING_LENGTH} are allowed`);
      else {
        const problem = textProblem(value);
        if (problem) add(problem);
      }
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) add(`must be a finite number, got ${value}`);
      else if (value !== 0 && (Math.abs(value) < MIN_MAGNITUDE || Math.abs(value) > MAX_MAGNITUDE)) {
        add(`is ${value}; sloforge takes numbers of magnitude ${MIN_MAGNITUDE} to ${MAX_MAGNITUDE} (or 0), where its rule arithmetic stays exact to the 12 digits it writes`);
      }
    } else if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
      add(`is a ${typeof value}; a config holds plain values: strings, numbers, booleans, lists and objects`);
    } else if (value instanceof NotPlainData) {
      add(value.reason);
    } else if (value !== null && typeof value === 'object') {
      const cycle = ancestors.indexOf(value);
      if (cycle >= 0) {
        add(`refers back to ${cycle === 0 ? 'the whole config' : paths.name(path.slice(0, cycle))}; a config is a tree of plain values, without cycles`);
        return;
      }
      ancestors.push(value);
      const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
      for (const [key, child] of entries) {
        if (typeof key === 'string' && key.length > MAX_STRING_LENGTH) {
          add(`has a field name ${key.length} characters long; at most ${MAX_STRING_LENGTH} are allowed`);
          continue;
        }
        const keyProblem = typeof key === 'string' ? textProblem(key) : undefined;
        if (keyProblem) {
          add(`has a field name that ${keyProblem}`);
          continue;
        }
        path.push(key);
        visit(child);
        path.pop();
      }
      ancestors.pop();
    }
  };
  visit(config);
  return problems;
}

/**
 * The path of the first value nested too deep in a YAML text, found on the syntax tree
 * (built without recursion), for texts too deep for the YAML composer's own recursion.
 */
export function deepYamlPath(text: string): string | undefined {
  type Frame = { token: CST.Token | null | undefined; path: (string | number)[] };
  const stack: Frame[] = [];
  for (const token of new Parser().parse(text)) if (token.type === 'document') stack.push({ token: token.value, path: [] });
  stack.reverse();
  while (stack.length > 0) {
    const { token, path } = stack.pop()!;
    if (!token) continue;
    if (path.length > MAX_DEPTH) return configPath(path);
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    const isMap = token.type === 'block-map' || (token.type === 'flow-collection' && token.start.source === '{');
    const children: Frame[] = token.items.map((item, index) => {
      const key = 'key' in item && item.key ? item.key : undefined;
      const name = key ? (CST.isScalar(key) ? (CST.resolveAsScalar(key)?.value ?? key.source) : '?') : '';
      return { token: item.value, path: [...path, isMap ? name : index] };
    });
    stack.push(...children.reverse());
  }
  return undefined;
}
