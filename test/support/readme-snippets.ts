/**
 * The config snippets of a markdown file, each as a whole config ready to validate.
 *
 * The convention the README follows:
 * - a fenced block tagged `ts`, `yaml` or `json` is a config or a config fragment;
 *   any other tag (`sh`, `markdown`) or none is output or a shell session, and skipped;
 * - a whole config (`defineConfig(...)`, or an object with `services`) validates as it is;
 * - a fragment is a list of `key: value` entries (or one object) embedded where its keys
 *   belong: top-level keys (`alertmanager`, `grafana`...) at the top, a service's
 *   (`scrape`, `probes`, `alerts`) into a service, an SLO's (`sli`, `objective`...) into an
 *   SLO; a key written more than once (`sli:` five ways) gives one config per entry;
 * - a ts/yaml/json block that is neither is marked with `<!-- not a config -->` on the
 *   line before it, so a new snippet cannot escape the check unseen.
 */
import ts from 'typescript';
import { parse } from 'yaml';

export const NOT_A_CONFIG = '<!-- not a config -->';

const CONFIG_LANGUAGES = new Set(['ts', 'typescript', 'yaml', 'yml', 'json']);
const TOP_LEVEL = new Set(['services', 'alerting', 'rules', 'prometheus', 'alertmanager', 'grafana', 'dashboards', 'kubernetes']);
const SERVICE_ONLY = new Set(['scrape', 'probes', 'alerts', 'slos']);
const SLO = new Set(['name', 'description', 'objective', 'period', 'sli', 'labels', 'alerting', 'sla', 'maintenance']);

/** The minimal config fragments are embedded in. */
export function minimalConfig(): { services: [{ name: string; slos: [Record<string, unknown>] } & Record<string, unknown>] } & Record<string, unknown> {
  return {
    services: [{ name: 'checkout', slos: [{ name: 'availability', objective: 99.9, sli: { ratio: { errors: 'http_requests_total{job="checkout",code=~"5.."}', total: 'http_requests_total{job="checkout"}' } } }] }],
  };
}

export interface Snippet {
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly language: string;
  /** Where the fragment went: `whole`, `top level`, `service`, `slo`; or why it could not. */
  readonly placement: string;
  /** The config to validate; undefined when the snippet could not be read as one. */
  readonly config: unknown;
  readonly problem?: string;
}

interface Block {
  readonly line: number;
  readonly language: string;
  readonly text: string;
  readonly marked: boolean;
}

export function configSnippets(markdown: string): Snippet[] {
  return fencedBlocks(markdown)
    .filter((block) => CONFIG_LANGUAGES.has(block.language) && !block.marked)
    .flatMap((block) => snippetsOf(block));
}

/** Every fenced block with its language and whether the line before marks it as not a config. */
export function fencedBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end === -1) throw new Error(`line ${i + 1}: a fenced block that is never closed`);
    let before = i - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    blocks.push({ line: i + 1, language: open[1]!.toLowerCase(), text: lines.slice(i + 1, end).join('\n'), marked: before >= 0 && lines[before]!.trim() === NOT_A_CONFIG });
    i = end;
  }
  return blocks;
}

function snippetsOf(block: Block): Snippet[] {
  let entries: [string, unknown][] | undefined;
  let whole: unknown;
  try {
    if (block.language === 'json' || block.language === 'yaml' || block.language === 'yml') {
      const data = parse(block.text) as unknown;
      if (isObject(data) && 'services' in data) whole = data;
      else if (isObject(data)) entries = Object.entries(data);
      else return [failed(block, 'is not a mapping')];
    } else {
      ({ whole, entries } = readTypeScript(block.text));
    }
  } catch (error) {
    return [failed(block, `cannot be read: ${error instanceof Error ? error.message : String(error)}`)];
  }
  if (whole !== undefined) return [{ line: block.line, language: block.language, placement: 'whole', config: whole }];
  if (!entries || entries.length === 0) return [failed(block, 'holds no config entries')];
  const keys = entries.map(([key]) => key);
  const repeated = new Set(keys).size !== keys.length;
  return (repeated ? entries.map((entry) => [entry]) : [entries]).map((group) => embed(block, group));
}

function embed(block: Block, entries: [string, unknown][]): Snippet {
  const fragment = Object.fromEntries(entries);
  const keys = Object.keys(fragment);
  const config = minimalConfig();
  if (keys.every((key) => TOP_LEVEL.has(key))) return { line: block.line, language: block.language, placement: 'top level', config: { ...config, ...fragment } };
  if (keys.some((key) => SERVICE_ONLY.has(key))) {
    return { line: block.line, language: block.language, placement: 'service', config: { ...config, services: [{ ...config.services[0], ...fragment }] } };
  }
  if (keys.every((key) => SLO.has(key))) {
    return { line: block.line, language: block.language, placement: 'slo', config: { ...config, services: [{ ...config.services[0], slos: [{ ...config.services[0].slos[0], ...fragment }] }] } };
  }
  return failed(block, `has keys (${keys.join(', ')}) that fit no one place in a config; if it is not a config, put ${NOT_A_CONFIG} on the line before it`);
}

function failed(block: Block, problem: string): Snippet {
  return { line: block.line, language: block.language, placement: 'none', config: undefined, problem };
}

/**
 * A TypeScript block: `defineConfig(<object>)` is a whole config; otherwise the block is
 * one object literal or the entries of one, written as `key: value,` lines.
 */
function readTypeScript(text: string): { whole?: unknown; entries?: [string, unknown][] } {
  const file = ts.createSourceFile('snippet.ts', text, ts.ScriptTarget.ES2022, true);
  let config: ts.Expression | undefined;
  const find = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.getText(file) === 'defineConfig') config = node.arguments[0];
    else ts.forEachChild(node, find);
  };
  find(file);
  if (config) return { whole: evaluate(config.getText(file)) };
  const trimmed = text.trim();
  const body = trimmed.startsWith('{') ? trimmed : `{\n${text}\n}`;
  const object = ts.createSourceFile('fragment.ts', `(${body})`, ts.ScriptTarget.ES2022, true);
  const statement = object.statements[0];
  const literal = statement && ts.isExpressionStatement(statement) && ts.isParenthesizedExpression(statement.expression) ? statement.expression.expression : undefined;
  const syntax = ts.transpileModule(`(${body})`, { reportDiagnostics: true }).diagnostics ?? [];
  if (!literal || !ts.isObjectLiteralExpression(literal) || syntax.length > 0) {
    throw new Error('neither defineConfig(...) nor an object literal or its entries');
  }
  // Entries one by one, so a key written twice gives two fragments instead of the last one.
  return {
    entries: literal.properties.map((property) => {
      if (!ts.isPropertyAssignment(property)) throw new Error(`unsupported entry: ${property.getText(object)}`);
      const name = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : property.name.getText(object);
      return [name, evaluate(property.initializer.getText(object))];
    }),
  };
}

function evaluate(expression: string): unknown {
  const js = ts.transpileModule(`export default (${expression});`, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const module = { exports: {} as { default?: unknown } };
  new Function('module', 'exports', js)(module, module.exports);
  return module.exports.default;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
