/** `sloforge import` as a library call: source paths → the config text and its losses. */
import { assemble, type ImportedConfig } from './assemble.ts';
import { readSources } from './read.ts';
import { writeConfig, type ImportFormat } from './write.ts';

export interface ImportResult extends ImportedConfig {
  readonly text: string;
}

export async function importSpecs(paths: readonly string[], format: ImportFormat): Promise<ImportResult> {
  const imported = assemble(await readSources(paths));
  return { ...imported, text: writeConfig(imported, format) };
}
