/** The manifest: the files sloforge wrote into the output directory, so it can prune and overwrite them, and only them. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareCodePoints } from '../model/order.ts';

export const MANIFEST = '.sloforge-manifest.json';

export interface RenderedFile {
  readonly path: string;
  readonly content: string;
}

/** The files as they come, then the manifest that lists them. */
export function* withManifest(files: Iterable<RenderedFile>): Generator<RenderedFile> {
  const paths: string[] = [];
  for (const file of files) {
    paths.push(file.path);
    yield file;
  }
  yield { path: MANIFEST, content: `${JSON.stringify({ files: paths.sort(compareCodePoints) }, null, 2)}\n` };
}

/** The files the manifest in `outDir` lists; none when there is no manifest or it cannot be read. */
export async function ownedFiles(outDir: string): Promise<Set<string>> {
  const text = await readFile(join(outDir, MANIFEST), 'utf8').catch(() => undefined);
  if (text === undefined) return new Set();
  try {
    const files = (JSON.parse(text) as { files?: unknown }).files;
    return new Set(Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string' && isInside(f)) : []);
  } catch {
    return new Set();
  }
}

/** A manifest is data from disk: a path in it never leads out of the directory. */
function isInside(path: string): boolean {
  return !path.startsWith('/') && !path.split('/').includes('..');
}
