/** The source documents: every document of every YAML stream, a directory's .yaml/.yml files in name order. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { compareCodePoints } from '../model/order.ts';
import { ImportError, type SourceRef } from './losses.ts';

export interface SourceDocument {
  readonly source: SourceRef;
  readonly content: unknown;
}

export async function readSources(paths: readonly string[]): Promise<SourceDocument[]> {
  const documents: SourceDocument[] = [];
  for (const path of paths) {
    for (const file of await filesOf(path)) documents.push(...parseStream(file, await readFile(file, 'utf8')));
  }
  return documents;
}

async function filesOf(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ImportError(path, '', 'no such file or directory');
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path)).filter((name) => /\.ya?ml$/.test(name)).sort(compareCodePoints);
  if (names.length === 0) throw new ImportError(path, '', 'the directory holds no .yaml or .yml file');
  return names.map((name) => join(path, name));
}

export function parseStream(file: string, text: string): SourceDocument[] {
  const parsed = parseAllDocuments(text);
  const streams = Array.isArray(parsed) ? parsed : [parsed];
  const many = streams.length > 1;
  const documents = streams.map((document, index) => ({ document, index })).filter(({ document }) => document.contents !== null);
  return documents.map(({ document, index }) => {
    const error = document.errors[0];
    const source = { file, ...(many ? { document: index } : {}) };
    if (error) throw new ImportError(file, many ? `[document ${index}]` : '', `is not valid YAML: ${error.message}`);
    return { source, content: document.toJS() };
  });
}
