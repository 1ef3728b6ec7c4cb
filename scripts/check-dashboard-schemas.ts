/**
 * Validates every generated dashboard against Grafana's JSON Schemas (from the
 * foundation SDK's repository): the dashboard itself, each panel against Panel or
 * RowPanel (`panels` is a oneOf, whose errors say nothing), and each panel's options
 * and custom field config against its plugin's schema. Run by .ci/run with the schema
 * folder, which a user's clone does not have: `npx tsx scripts/check-dashboard-schemas.ts DIR [generated]`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

const [schemaDir, generated = 'generated'] = process.argv.slice(2);
if (!schemaDir) {
  process.stderr.write('usage: check-dashboard-schemas.ts SCHEMA_DIR [GENERATED_DIR]\n');
  process.exit(2);
}

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addKeyword('x-deprecation-message');
ajv.addFormat('date-time', true); // only in dashboard metadata, which generated dashboards do not carry
const schema = (name: string) => JSON.parse(readFileSync(join(schemaDir, `${name}.jsonschema.json`), 'utf8')) as { definitions: Record<string, unknown> };
const definition = (name: string, root: string): ValidateFunction => ajv.compile({ ...schema(name), $ref: `#/definitions/${root}` });

const dashboardSchema = definition('dashboard', 'Dashboard');
const panelSchema = definition('dashboard', 'Panel');
const rowSchema = definition('dashboard', 'RowPanel');
const PLUGINS: Record<string, string> = { stat: 'stat', gauge: 'gauge', table: 'table', timeseries: 'timeseries', 'state-timeline': 'statetimeline' };
const plugin = Object.fromEntries(
  Object.entries(PLUGINS).map(([type, file]) => {
    const defs = schema(file).definitions;
    return [type, { options: definition(file, 'Options'), fieldConfig: 'FieldConfig' in defs ? definition(file, 'FieldConfig') : undefined }];
  }),
);

let problems = 0;
const report = (where: string, validate: ValidateFunction, value: unknown) => {
  if (validate(value)) return;
  problems++;
  for (const error of validate.errors ?? []) process.stderr.write(`${where}${error.instancePath}: ${error.message} ${JSON.stringify(error.params)}\n`);
};

const dir = join(generated, 'grafana/dashboards');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
let panels = 0;
for (const file of files) {
  const dashboard = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { panels: { type: string; title: string; options?: unknown; fieldConfig?: { defaults?: { custom?: unknown } } }[] };
  report(file, dashboardSchema, { ...dashboard, panels: [] });
  for (const panel of dashboard.panels) {
    panels++;
    const where = `${file} panel "${panel.title}"`;
    if (panel.type === 'row') {
      report(where, rowSchema, panel);
      continue;
    }
    report(where, panelSchema, panel);
    const checks = plugin[panel.type];
    if (!checks) {
      problems++;
      process.stderr.write(`${where}: no schema for panel type ${panel.type}\n`);
      continue;
    }
    report(`${where} options`, checks.options, panel.options);
    const custom = panel.fieldConfig?.defaults?.custom;
    if (checks.fieldConfig && custom !== undefined) report(`${where} fieldConfig.defaults.custom`, checks.fieldConfig, custom);
  }
}
process.stdout.write(`${files.length} dashboards, ${panels} panels checked against Grafana's JSON Schemas: ${problems} problems\n`);
process.exit(problems ? 1 : 0);
