/** `npm run schema`: writes schema/sloforge.schema.json from src/config/schema.ts. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_FILE, schemaFileText } from './schema-file.ts';

writeFileSync(join(import.meta.dirname, '..', SCHEMA_FILE), schemaFileText());
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
