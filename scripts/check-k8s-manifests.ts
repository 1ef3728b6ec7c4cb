/**
 * Validates every manifest of generated/kubernetes as the API server would with strict
 * field validation: each custom resource against its CRD's `openAPIV3Schema` for the
 * version its apiVersion names (from the Prometheus Operator CRDs beside the
 * repository, which a user's clone does not have), unknown fields rejected wherever the
 * schema does not preserve them; ConfigMaps against the core shape, within the 1 MiB
 * object limit, each dashboard parsing; and the kustomization listing exactly the
 * manifest files. Run by .ci/run: `npx tsx scripts/check-k8s-manifests.ts CRD_DIR [generated]`.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';

const [crdDir, generated = 'generated'] = process.argv.slice(2);
if (!crdDir) {
  process.stderr.write('usage: check-k8s-manifests.ts CRD_DIR [GENERATED_DIR]\n');
  process.exit(2);
}
const tree = join(generated, 'kubernetes');
/** etcd's limit on one object, which the API server enforces. */
const MAX_OBJECT_BYTES = 1024 * 1024;

const ajv = new Ajv({ allErrors: true, strict: false });
// List and map semantics (set, map keys, atomic) and CEL rules are not field validation; the API server checks them on apply.
for (const keyword of ['x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-validations', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource']) {
  ajv.addKeyword(keyword);
}
for (const format of ['int32', 'int64', 'byte', 'date-time', 'float', 'double']) ajv.addFormat(format, true);

const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const LABEL_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
/** What sloforge may set of ObjectMeta; the CRDs leave `metadata` to the API server, which checks it like this. */
const objectMeta = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'namespace'],
  properties: {
    name: { type: 'string', maxLength: 253, pattern: `^${DNS_LABEL}(\\.${DNS_LABEL})*$` },
    namespace: { type: 'string', maxLength: 63, pattern: `^${DNS_LABEL}$` },
    labels: {
      type: 'object',
      propertyNames: { pattern: `^(${DNS_LABEL}(\\.${DNS_LABEL})*/)?${LABEL_NAME}$`, maxLength: 317 },
      additionalProperties: { type: 'string', maxLength: 63, pattern: `^(${LABEL_NAME})?$` },
    },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

/**
 * A structural schema as the API server applies it: objects without
 * `x-kubernetes-preserve-unknown-fields` take no fields beyond their properties, and
 * int-or-string is an integer or a string. Go's `(?i)` becomes letter classes (JavaScript has no inline flags in Node 20).
 */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  const node = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, key === 'properties' ? Object.fromEntries(Object.entries(value as object).map(([name, child]) => [name, strict(child)])) : strict(value)]));
  if (node['x-kubernetes-int-or-string'] === true) node.anyOf = [{ type: 'integer' }, { type: 'string' }];
  if (node.type === 'object' && node['x-kubernetes-preserve-unknown-fields'] !== true && node.additionalProperties === undefined) node.additionalProperties = false;
  if (typeof node.pattern === 'string' && node.pattern.includes('(?i)')) node.pattern = caseless(node.pattern.replaceAll('(?i)', ''));
  return node;
}

function caseless(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += c + (pattern[++i] ?? '');
      continue;
    }
    if (c === '[') inClass = true;
    if (c === ']') inClass = false;
    out += !inClass && /[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c;
  }
  return out;
}

/**
 * The CRD leaves child routes unchecked (`x-kubernetes-preserve-unknown-fields`) and the
 * operator reads them as routes: they are checked against the route's own schema.
 */
function checkChildRoutesAsRoutes(schema: { properties: Record<string, unknown> }): void {
  const route = (schema.properties.spec as { properties: { route: { properties: { routes: { items: unknown } } } } }).properties.route;
  route.properties.routes.items = { $ref: '#/properties/spec/properties/route' };
}

interface Crd {
  spec: { group: string; names: { kind: string }; versions: { name: string; schema: { openAPIV3Schema: { properties: Record<string, unknown> } } }[] };
}
const validators = new Map<string, ValidateFunction>();
for (const file of readdirSync(crdDir).filter((f) => f.endsWith('.yaml')).sort()) {
  const crd = parse(readFileSync(join(crdDir, file), 'utf8')) as Crd;
  for (const version of crd.spec.versions) {
    const root = version.schema.openAPIV3Schema;
    const schema = strict({ ...root, properties: { ...root.properties, metadata: {} } }) as { properties: Record<string, unknown>; required?: string[] };
    schema.properties.metadata = objectMeta;
    if (crd.spec.names.kind === 'AlertmanagerConfig') checkChildRoutesAsRoutes(schema);
    validators.set(`${crd.spec.group}/${version.name} ${crd.spec.names.kind}`, ajv.compile({ ...schema, required: [...new Set([...(schema.required ?? []), 'apiVersion', 'kind', 'metadata', 'spec'])] }));
  }
}
validators.set(
  'v1 ConfigMap',
  ajv.compile({
    type: 'object',
    additionalProperties: false,
    required: ['apiVersion', 'kind', 'metadata', 'data'],
    properties: { apiVersion: { const: 'v1' }, kind: { const: 'ConfigMap' }, metadata: objectMeta, data: { type: 'object', propertyNames: { pattern: '^[-._a-zA-Z0-9]+$', maxLength: 253 }, additionalProperties: { type: 'string' } } },
  }),
);

let problems = 0;
const problem = (message: string) => {
  problems++;
  process.stderr.write(`${message}\n`);
};

const files = walk(tree)
  .map((path) => relative(tree, path).split('\\').join('/'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const kustomization = 'kustomization.yaml';
let manifests = 0;
const names = new Set<string>();
for (const file of files.filter((f) => f !== kustomization)) {
  for (const [index, document] of parseAllDocuments(readFileSync(join(tree, file), 'utf8')).entries()) {
    const where = `${file} document ${index + 1}`;
    if (document.errors.length) {
      problem(`${where}: ${document.errors.map((e) => e.message).join('; ')}`);
      continue;
    }
    const manifest = document.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string }; data?: Record<string, string> };
    manifests++;
    const validate = validators.get(`${manifest.apiVersion} ${manifest.kind}`);
    if (!validate) {
      problem(`${where}: no schema for ${manifest.apiVersion} ${manifest.kind} in ${crdDir}`);
      continue;
    }
    const named = `${where} (${manifest.kind} ${manifest.metadata?.name})`;
    if (!validate(manifest)) for (const error of validate.errors ?? []) problem(`${named}${error.instancePath}: ${error.message} ${JSON.stringify(error.params)}`);
    const identity = `${manifest.apiVersion} ${manifest.kind} ${manifest.metadata?.namespace}/${manifest.metadata?.name}`;
    if (names.has(identity)) problem(`${where}: a second ${identity}`);
    names.add(identity);
    if (manifest.kind === 'ConfigMap') checkDashboards(where, manifest);
  }
}

function checkDashboards(where: string, configMap: { data?: Record<string, string> }): void {
  const bytes = Buffer.byteLength(JSON.stringify(configMap), 'utf8');
  if (bytes >= MAX_OBJECT_BYTES) problem(`${where}: ${bytes} bytes, over the ${MAX_OBJECT_BYTES}-byte object limit`);
  const entries = Object.entries(configMap.data ?? {});
  if (entries.length !== 1) problem(`${where}: ${entries.length} data keys; one dashboard per ConfigMap`);
  for (const [key, text] of entries) {
    try {
      const dashboard = JSON.parse(text) as { uid?: unknown; panels?: unknown };
      if (typeof dashboard.uid !== 'string' || !Array.isArray(dashboard.panels)) problem(`${where} ${key}: not a dashboard (no uid or panels)`);
      else if (`${dashboard.uid}.json` !== key) problem(`${where} ${key}: holds the dashboard ${dashboard.uid}`);
    } catch (error) {
      problem(`${where} ${key}: does not parse as JSON: ${(error as Error).message}`);
    }
  }
}

const listed = ((parse(readFileSync(join(tree, kustomization), 'utf8')) as { resources?: string[] }).resources ?? []).slice().sort();
const present = files.filter((f) => f !== kustomization).sort();
for (const file of present.filter((f) => !listed.includes(f))) problem(`${kustomization}: does not list ${file}`);
for (const file of listed.filter((f) => !present.includes(f))) problem(`${kustomization}: lists ${file}, which is not there`);

process.stdout.write(`${manifests} manifests in ${present.length} files checked against ${crdDir} (strict fields) and ${kustomization}: ${problems} problems\n`);
process.exit(problems ? 1 : 0);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => (statSync(join(dir, entry)).isDirectory() ? walk(join(dir, entry)) : [join(dir, entry)]));
}
