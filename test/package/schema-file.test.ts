import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { SCHEMA_FILE, schemaFileText } from '../../scripts/schema-file.ts';
import { SHAPE_VALIDATOR_FILE, shapeValidatorText } from '../../scripts/shape-validator-file.ts';

const REPO = resolve(import.meta.dirname, '../..');
const committed = await readFile(join(REPO, SCHEMA_FILE), 'utf8');
const schema = JSON.parse(committed) as Record<string, unknown>;

/** Every keyword of JSON Schema draft-07 (validation, annotations, structure): what any editor understands. */
const DRAFT_07 = new Set(['$schema', '$id', '$ref', '$comment', 'title', 'description', 'default', 'examples', 'readOnly', 'writeOnly', 'definitions', 'type', 'enum', 'const', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'items', 'additionalItems', 'maxItems', 'minItems', 'uniqueItems', 'contains', 'maxProperties', 'minProperties', 'required', 'properties', 'patternProperties', 'additionalProperties', 'dependencies', 'propertyNames', 'if', 'then', 'else', 'allOf', 'anyOf', 'oneOf', 'not', 'format', 'contentMediaType', 'contentEncoding']);

/** Walks every subschema, calling `visit` with each one's path. */
function walk(node: unknown, path: string, visit: (schema: Record<string, unknown>, path: string) => void): void {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
  const subschema = node as Record<string, unknown>;
  visit(subschema, path);
  for (const key of ['properties', 'patternProperties', 'definitions']) {
    for (const [name, child] of Object.entries((subschema[key] as Record<string, unknown> | undefined) ?? {})) walk(child, `${path}/${key}/${name}`, visit);
  }
  for (const key of ['items', 'additionalProperties', 'propertyNames', 'not', 'contains', 'if', 'then', 'else']) walk(subschema[key], `${path}/${key}`, visit);
  for (const key of ['allOf', 'anyOf', 'oneOf']) (subschema[key] as unknown[] | undefined)?.forEach((child, i) => walk(child, `${path}/${key}/${i}`, visit));
}

describe(`the published ${SCHEMA_FILE}`, () => {
  it('is current with src/config/schema.ts (`npm run schema` rewrites it)', () => {
    expect(committed, `${SCHEMA_FILE} is stale: run \`npm run schema\` and commit it`).toBe(schemaFileText());
  });

  it('has its compiled shape check (src/config/shape-validator.ts) current with src/config/schema.ts (`npm run schema` rewrites it)', async () => {
    expect(await readFile(join(REPO, SHAPE_VALIDATOR_FILE), 'utf8')).toBe(shapeValidatorText());
  });

  it('is a valid draft-07 schema that uses only draft-07 keywords and patterns every editor can compile', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    const foreign: string[] = [];
    const patterns: string[] = [];
    walk(schema, '#', (subschema, path) => {
      for (const key of Object.keys(subschema)) if (!DRAFT_07.has(key)) foreign.push(`${path}/${key}`);
      if (typeof subschema.pattern === 'string') patterns.push(subschema.pattern);
    });
    expect(foreign).toEqual([]);
    expect(patterns.length).toBeGreaterThan(5);
    // Editors compile patterns as ECMAScript regular expressions, some with the u flag and some without.
    for (const pattern of patterns) {
      expect(() => new RegExp(pattern, 'u'), pattern).not.toThrow();
      expect(() => new RegExp(pattern), pattern).not.toThrow();
    }
  });

  it('accepts the YAML example and the YAML init writes, and names the mistakes an editor should underline', async () => {
    const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);
    for (const file of ['examples/slo.yaml', 'templates/slo.config.yaml']) {
      const config = parse(await readFile(join(REPO, file), 'utf8')) as unknown;
      expect(validate(config), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    const typo = { services: [{ name: 'api', slos: [{ name: 'a', objetive: 99.9, sli: { ratio: { total: 'x' } } }] }] };
    expect(validate(typo)).toBe(false);
    expect(validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual(expect.arrayContaining(['/services/0/slos/0 must have required property \'objective\'', '/services/0/slos/0 must NOT have additional properties']));
  });
});
