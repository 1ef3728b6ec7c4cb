/** `npm run schema`: writes schema/sloforge.schema.json and the compiled shape check from src/config/schema.ts. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_FILE, schemaFileText } from './schema-file.ts';
import { SHAPE_VALIDATOR_FILE, shapeValidatorText } from './shape-validator-file.ts';

for (const [file, text] of [
  [SCHEMA_FILE, schemaFileText()],
  [SHAPE_VALIDATOR_FILE, shapeValidatorText()],
] as const) {
  writeFileSync(join(import.meta.dirname, '..', file), text);
  process.stdout.write(`wrote ${file}\n`);
}
