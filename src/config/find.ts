/**
 * The config when `--config` is not given: `slo.config.<ext>` in the working directory or
 * the nearest parent that has one, as git finds `.git`. The search stops at the top of the
 * git repository (a directory holding `.git`) or at the filesystem root.
 */
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from './diagnostics.ts';
import { CONFIG_EXTENSIONS } from './load.ts';

/** In the order they are looked for; two of them in one directory is an error, not a choice. */
export const CONFIG_NAMES: readonly string[] = CONFIG_EXTENSIONS.map((extension) => `slo.config${extension}`);

/** The absolute path of the config that applies in `start`, or a ConfigError naming every directory searched. */
export async function findConfig(start: string): Promise<string> {
  const searched: string[] = [];
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    searched.push(dir);
    const present = (await Promise.all(CONFIG_NAMES.map(async (name) => ((await isFile(join(dir, name))) ? name : undefined)))).filter((name) => name !== undefined);
    if (present.length > 1) {
      throw new ConfigError(join(dir, present[0]!), [{ path: '', message: `${dir} holds ${present.length} configs (${present.join(', ')}); keep one, or name one with --config` }]);
    }
    if (present.length === 1) return join(dir, present[0]!);
    const top = (await exists(join(dir, '.git'))) ? 'the top of its git repository' : dirname(dir) === dir ? 'the filesystem root' : undefined;
    if (top) {
      const where = searched.map((d) => `    ${d}`).join('\n');
      const message = `no config found: looked for ${CONFIG_NAMES.join(', ')} in\n${where}\n  and stopped at ${top}. Write one with \`npx sloforge init\`, or name one with --config`;
      throw new ConfigError(CONFIG_NAMES[0]!, [{ path: '', message }]);
    }
  }
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}
