/**
 * The config's JSON Schema as a file for editors: `# yaml-language-server: $schema=…` in a
 * YAML config, `"$schema"` in JSON. Written from src/config/schema.ts by `npm run schema`
 * and committed; a test fails when it is stale.
 */
import { configSchema } from '../src/config/schema.ts';

export const SCHEMA_FILE = 'schema/sloforge.schema.json';

export function schemaFileText(): string {
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'sloforge config',
    description: 'An SLO config for sloforge (slo.config.yaml or .json): services, their SLOs, alerting, Prometheus, Alertmanager and Grafana. `sloforge validate` checks what a schema cannot: PromQL, windows, names used across the config.',
    ...configSchema,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
