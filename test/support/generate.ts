/** Renders a config into a fresh temporary directory through the library API, as `sloforge generate` would. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import { render } from '../../src/render.ts';
import { emit } from '../../src/output/emit.ts';

export async function generateInto(configFile: string): Promise<{ dir: string; files: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'sloforge-test-'));
  const files = [...render(await loadConfig(configFile, configFile))];
  await emit(join(dir, 'generated'), files);
  return { dir: join(dir, 'generated'), files: files.map((f) => f.path) };
}
