/**
 * The imported config as text: `slo.config.ts` with `defineConfig`, or YAML; every loss a
 * `sloforge import:` comment right before the SLO (or, for an SLO that stayed behind, the
 * service) it is about. Same input, same bytes.
 */
import { Document, isMap, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ImportedConfig } from './assemble.ts';
import { quoteWhereBlocksFail } from '../output/serialize.ts';

export type ImportFormat = 'ts' | 'yaml';

export function writeConfig(imported: ImportedConfig, format: ImportFormat): string {
  const header = [`Imported by \`sloforge import\` from ${imported.files.join(', ')}.`, 'Review the "sloforge import:" comments: each is something the source says that this config does not.'];
  return format === 'ts' ? writeTs(imported, header) : writeYaml(imported, header);
}

function writeYaml({ config, comments }: ImportedConfig, header: readonly string[]): string {
  const document = new Document(config, quoteWhereBlocksFail, { aliasDuplicateObjects: false });
  document.commentBefore = header.map((line) => ` ${line}`).join('\n');
  const services = document.get('services') as YAMLSeq;
  config.services.forEach((service, s) => {
    const serviceNode = services.items[s] as YAMLMap;
    const notes = comments.get(service);
    if (notes) serviceNode.commentBefore = commentText(notes);
    const slos = serviceNode.get('slos');
    if (!isSeq(slos)) return;
    service.slos.forEach((slo, i) => {
      const node = slos.items[i];
      const sloNotes = comments.get(slo);
      if (sloNotes && isMap(node)) node.commentBefore = commentText(sloNotes);
    });
  });
  return document.toString({ lineWidth: 0 });
}

function commentText(notes: readonly string[]): string {
  return notes.flatMap((note) => note.split('\n')).map((line) => ` ${line}`).join('\n');
}

function writeTs({ config, comments }: ImportedConfig, header: readonly string[]): string {
  const lines = [...header.map((line) => `// ${line}`), "import { defineConfig } from 'sloforge';", '', `export default defineConfig(${tsValue(config, '', comments)});`, ''];
  return lines.join('\n');
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function tsValue(value: unknown, indent: string, comments: ReadonlyMap<object, readonly string[]>): string {
  if (typeof value === 'string') return tsString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item !== 'object')) return `[${value.map((item) => tsValue(item, inner, comments)).join(', ')}]`;
    const items = value.map((item) => `${tsComments(comments.get(item as object), inner)}${inner}${tsValue(item, inner, comments)},\n`);
    return `[\n${items.join('')}${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const fields = entries.map(([key, v]) => `${inner}${IDENTIFIER.test(key) ? key : tsString(key)}: ${tsValue(v, inner, comments)},\n`);
  return `{\n${fields.join('')}${indent}}`;
}

function tsComments(notes: readonly string[] | undefined, indent: string): string {
  return (notes ?? []).flatMap((note) => note.split('\n')).map((line) => `${indent}// ${line}\n`).join('');
}

function tsString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}
