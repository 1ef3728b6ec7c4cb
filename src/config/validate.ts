/** Shape (JSON Schema), then meaning (to-model.ts): every problem at once, each with its config path. */
import { Ajv, type ErrorObject } from 'ajv';
import { configSchema, PATTERN_MEANING } from './schema.ts';
import { ConfigError, configPath, type Diagnostic } from './diagnostics.ts';
import { closestMatch } from './suggest.ts';
import { limitProblems } from './limits.ts';
import { toModel } from './to-model.ts';
import type { SloforgeConfig } from './types.ts';
import type { Model } from '../model/slo.ts';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
const checkShape = ajv.compile<SloforgeConfig>(configSchema);

/** The model of a config, or a ConfigError listing every problem in it. */
export function validateConfig(input: unknown, source: string): Model {
  // Pathological input (huge strings, deep nesting, cycles) is refused before anything walks it.
  const limits = limitProblems(input);
  if (limits.length > 0) throw new ConfigError(source, limits);
  if (!checkShape(input)) throw new ConfigError(source, shapeDiagnostics(checkShape.errors ?? []));
  const { model, problems } = toModel(input, source);
  if (problems.items.length > 0) throw new ConfigError(source, problems.items);
  return model;
}

function shapeDiagnostics(errors: readonly ErrorObject[]): Diagnostic[] {
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const error of errors) {
    const diagnostic = describe(error);
    if (!diagnostic) continue;
    const key = `${diagnostic.path}\n${diagnostic.message}`;
    if (!seen.has(key)) diagnostics.push(diagnostic);
    seen.add(key);
  }
  return diagnostics;
}

/** Field names that hold a secret when written inline. */
const SECRET = /(key|password|secret|token|url)$/i;

function describe(error: ErrorObject): Diagnostic | undefined {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const path = configPath(segments);
  const params = error.params as Record<string, unknown>;
  const field = (name: string) => configPath([...segments, name]);
  switch (error.keyword) {
    case 'required':
      return { path: field(String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties': {
      const unknown = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const fileField = known.find((k) => k.endsWith('File') && k.toLowerCase().startsWith(unknown.toLowerCase().slice(0, 4)));
      if (SECRET.test(unknown) && fileField) {
        return { path: field(unknown), message: `is a secret written inline; sloforge never puts secrets in its output: write it to a file and set "${fileField}"` };
      }
      const hint = closestMatch(unknown, known);
      return {
        path: field(unknown),
        message: hint ? `unknown field; did you mean "${hint}"?` : `unknown field; expected one of ${known.map((k) => `"${k}"`).join(', ')}`,
      };
    }
    case 'type':
      if (segments.length === 0) return { path, message: `must be an object with a "services" list, got ${shown(error.data)}` };
      return { path, message: `must be ${article(String(params.type))}, got ${shown(error.data)}` };
    case 'pattern': {
      // A schema's own description says what it means where one pattern serves several kinds of name.
      const meaning = (error.parentSchema as { description?: string }).description ?? PATTERN_MEANING[String(params.pattern)] ?? `of the form ${String(params.pattern)}`;
      // A key checked by propertyNames: the error is about the key, not the object.
      if (error.propertyName !== undefined) return { path: field(error.propertyName), message: `is not a valid name: must be ${meaning}` };
      return { path, message: `must be ${meaning}` };
    }
    case 'propertyNames':
      return undefined; // the nested pattern error names the offending key
    case 'minItems':
      return { path, message: `must have at least ${String(params.limit)} item(s)` };
    case 'minLength':
      return { path, message: 'must not be empty' };
    case 'maxLength':
      return { path, message: `must be at most ${String(params.limit)} characters long` };
    case 'minProperties':
    case 'maxProperties': {
      const properties = (error.parentSchema as { properties?: object }).properties;
      // A map of names (severities, receivers) has no fixed properties; it needs an entry.
      if (!properties) return { path, message: `must have at least ${String(params.limit)} entry` };
      return { path, message: `must have exactly one of ${Object.keys(properties).map((k) => `"${k}"`).join(', ')}` };
    }
    case 'const':
      return { path, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minimum':
    case 'maximum':
      return { path, message: `must be ${String(params.comparison)} ${String(params.limit)}` };
    case 'uniqueItems':
      return { path, message: 'must not repeat an item' };
    case 'enum':
      return { path, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'not':
      return { path, message: 'must be an object, or false to switch it off' };
    default:
      return { path, message: error.message ?? 'is invalid' };
  }
}

/** A value as a message shows it: short, and typed. */
function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a ${typeof value}`;
}

function article(type: string): string {
  const names = type.split(',').map((t) => (t === 'object' ? 'an object' : t === 'array' ? 'a list' : t === 'integer' ? 'an integer' : `a ${t}`));
  return names.join(' or ');
}
