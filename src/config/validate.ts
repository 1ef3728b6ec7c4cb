/** Shape (JSON Schema), then meaning (to-model.ts): every problem at once, each with its config path. */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { PATTERN_MEANING } from './schema.ts';
import { validate as compiledShapeCheck } from './shape-validator.ts';
import { ConfigError, ConfigPaths, configPath, DiagnosticList, type Diagnostic, type Locate, type Path } from './diagnostics.ts';
import { closestMatch } from './suggest.ts';
import { limitProblems } from './limits.ts';
import { typeHint, valueHint } from './hints.ts';
import { toModel } from './to-model.ts';
import type { SloforgeConfig } from './types.ts';
import type { Model } from '../model/slo.ts';
import { engineLimitProblems } from '../compile/topology/engines.ts';

/** Schema errors beyond this many are counted, not described. */
const MAX_DESCRIBED_SHAPE_ERRORS = 1000;

/** ajv's validator for the schema, compiled ahead by `npm run schema` (scripts/shape-validator-file.ts). */
const checkShape = compiledShapeCheck as unknown as ValidateFunction<SloforgeConfig>;

/**
 * The model of a config, or a ConfigError listing every problem in it. `locate` gives
 * the line and column of a path in the config's text, for configs read from YAML or JSON.
 */
export function validateConfig(input: unknown, source: string, locate?: Locate): Model {
  const paths = new ConfigPaths(input, { locate });
  // Pathological input (huge strings, deep nesting, cycles) is refused before anything walks it.
  const limits = limitProblems(input, paths);
  if (limits.length > 0) throw new ConfigError(source, limits);
  if (!checkShape(input)) {
    const errors = checkShape.errors ?? [];
    // Describing (and locating) 200,000 unknown fields would take longer than fixing the first few.
    const described = errors.slice(0, MAX_DESCRIBED_SHAPE_ERRORS);
    const shape = shapeDiagnostics(input, described, locate);
    const meaning = errors.length === described.length ? meaningOfSoundItems(input as SloforgeConfig, source, errors, locate) : [];
    throw new ConfigError(source, [...shape, ...meaning], errors.length - described.length);
  }
  const problems = new DiagnosticList(paths);
  const { model } = toModel(input, source, problems);
  if (problems.items.length > 0) throw new ConfigError(source, problems.items);
  // Limits of what a valid config generates: only a whole model can be counted.
  for (const problem of engineLimitProblems(model)) problems.add(problem.at, problem.message);
  if (problems.items.length > 0) throw new ConfigError(source, problems.items);
  return model;
}

/**
 * The semantic problems of a config the schema refused, outside the list items it
 * refused (a service, an SLO, a tier), so one run reports every problem and none of the
 * nonsense a malformed item would give. A shape error outside any list item (the top
 * level, the routing) leaves nothing sound to check: then none.
 */
function meaningOfSoundItems(input: SloforgeConfig, source: string, errors: readonly ErrorObject[], locate: Locate | undefined): Diagnostic[] {
  const unsound = errors.map((error) => {
    const at = segmentsOf(error);
    const item = at.findLastIndex((segment) => typeof segment === 'number');
    return item < 0 ? undefined : at.slice(0, item + 1);
  });
  if (unsound.some((scope) => scope === undefined)) return [];
  const invalid = new Set(errors.map((error) => configPath(segmentsOf(error))));
  const problems = new SoundItemDiagnostics(new ConfigPaths(input, { invalid, locate }), unsound as Path[]);
  try {
    toModel(input, source, problems);
  } catch {
    return []; // a malformed item reached a check that assumes its shape: its shape errors say enough
  }
  return problems.items;
}

/** Drops what is said about the places given (and under them). */
class SoundItemDiagnostics extends DiagnosticList {
  constructor(
    paths: ConfigPaths,
    private readonly unsound: readonly Path[],
  ) {
    super(paths);
  }

  override add(path: Path, message: string): void {
    if (this.unsound.some((scope) => scope.every((segment, i) => path[i] === segment))) return;
    super.add(path, message);
  }
}

function shapeDiagnostics(input: unknown, errors: readonly ErrorObject[], locate: Locate | undefined): Diagnostic[] {
  // A name the schema refused names nothing: its item is shown by index.
  const invalid = new Set(errors.map((error) => configPath(segmentsOf(error))));
  const problems = new DiagnosticList(new ConfigPaths(input, { invalid, locate }));
  for (const error of errors) {
    const problem = describe(error);
    if (problem) problems.add(problem.at, problem.message);
  }
  return problems.items;
}

/** Field names that hold a secret when written inline. */
const SECRET = /(key|password|secret|token|url)$/i;

function segmentsOf(error: ErrorObject): (string | number)[] {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(error: ErrorObject): { at: Path; message: string } | undefined {
  const at = segmentsOf(error);
  const params = error.params as Record<string, unknown>;
  const schema = error.parentSchema as { description?: string; properties?: object; maxProperties?: number };
  const field = (name: string) => [...at, name];
  switch (error.keyword) {
    case 'required':
      return { at: field(String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties': {
      const unknown = String(params.additionalProperty);
      const known = Object.keys(schema.properties ?? {});
      const fileField = known.find((k) => k.endsWith('File') && k.toLowerCase().startsWith(unknown.toLowerCase().slice(0, 4)));
      if (SECRET.test(unknown) && fileField) {
        return { at: field(unknown), message: `is a secret written inline; sloforge never puts secrets in its output: write it to a file and set "${fileField}"` };
      }
      const hint = closestMatch(unknown, known);
      return {
        at: field(unknown),
        message: hint ? `unknown field; did you mean "${hint}"?` : `unknown field; expected one of ${known.map((k) => `"${k}"`).join(', ')}`,
      };
    }
    case 'type':
      if (at.length === 0) return { at, message: `must be an object with a "services" list, got ${shown(error.data)}` };
      return { at, message: `must be ${expectedOfType(error)}, got ${shown(error.data)}${typeHint(error.data, String(params.type), error.parentSchema)}` };
    case 'pattern': {
      // A schema's own description says what it means where one pattern serves several kinds of name.
      const meaning = schema.description ?? PATTERN_MEANING[String(params.pattern)] ?? `of the form ${String(params.pattern)}`;
      // A key checked by propertyNames: the error is about the key, not the object.
      if (error.propertyName !== undefined) return { at: field(error.propertyName), message: `is not a valid name: must be ${meaning}` };
      return { at, message: `must be ${meaning}, got ${quoted(String(error.data))}${valueHint(error.data, error.parentSchema)}` };
    }
    case 'propertyNames':
      return undefined; // the nested pattern error names the offending key
    case 'minItems':
      return { at, message: `must have at least ${String(params.limit)} item(s)` };
    case 'minLength':
      return { at, message: 'must not be empty' };
    case 'maxLength':
      return { at, message: `must be at most ${String(params.limit)} characters long` };
    case 'minProperties':
    case 'maxProperties': {
      // A map of names (severities, receivers) has no fixed properties; it needs an entry.
      if (!schema.properties) return { at, message: `must have at least ${String(params.limit)} entry` };
      if (schema.maxProperties === undefined) return { at, message: `must have at least one of ${Object.keys(schema.properties).map((k) => `"${k}"`).join(', ')}` };
      return { at, message: `must have exactly one of ${Object.keys(schema.properties).map((k) => `"${k}"`).join(', ')}` };
    }
    case 'const':
      return { at, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minimum':
    case 'maximum': {
      const expected = schema.description ? `must be ${schema.description}, got ${shown(error.data)}` : `must be ${String(params.comparison)} ${String(params.limit)}`;
      return { at, message: `${expected}${valueHint(error.data, error.parentSchema)}` };
    }
    case 'uniqueItems': {
      const [first, second] = [Number(params.i), Number(params.j)].sort((x, y) => x - y);
      return { at, message: `must not repeat an item: items ${first} and ${second} are equal (${shown((error.data as unknown[])[first!])})` };
    }
    case 'enum': {
      const allowed = params.allowedValues as unknown[];
      const hint = typeof error.data === 'string' ? closestMatch(error.data, allowed.map(String)) : undefined;
      return { at, message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}${hint ? `; did you mean "${hint}"?` : ''}` };
    }
    case 'not':
      return { at, message: 'must be an object, or false to switch it off' };
    default:
      return { at, message: error.message ?? 'is invalid' };
  }
}

/** A value as a message shows it: short, and typed. */
function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `a string (${quoted(value)})`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a ${typeof value}`;
}

/** What a value of the wrong type should have been: a pattern's meaning says more than "a string". */
function expectedOfType(error: ErrorObject): string {
  const type = String((error.params as { type: unknown }).type);
  const { description, pattern } = error.parentSchema as { description?: string; pattern?: string };
  const meaning = description ?? (pattern === undefined ? undefined : PATTERN_MEANING[pattern]);
  return type === 'string' && meaning ? meaning : article(type);
}

function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function article(type: string): string {
  const names = type.split(',').map((t) => (t === 'object' ? 'an object' : t === 'array' ? 'a list' : t === 'integer' ? 'an integer' : `a ${t}`));
  return names.join(' or ');
}
