/** Every file under a directory, hidden ones included, with its text: two trees compare byte for byte. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[join(entry.parentPath, entry.name).slice(dir.length + 1)] = await readFile(join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}
