/**
 * The generated tree is the same bytes on every machine: a Danish locale, whose collation
 * puts `aa` after `z`, and a time zone 12h45 ahead of UTC change nothing.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { snapshot } from '../support/snapshot.ts';

const REPO = resolve(import.meta.dirname, '../..');
const BIN = join(REPO, 'bin/sloforge.js');

const DANISH = { LANG: 'da_DK.UTF-8', LC_ALL: 'da_DK.UTF-8', TZ: 'Pacific/Chatham' };
const PLAIN = { LANG: 'C', LC_ALL: 'C', TZ: 'UTC' };

/** Two tiers on the same long window, ordered by name: `aaPage` before `bPage` in code points, after it in Danish. */
const TIERED = {
  services: [
    {
      name: 'api',
      slos: [
        {
          name: 'availability',
          objective: 99.9,
          sli: { ratio: { errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' } },
          alerting: {
            tiers: {
              bPage: { budgetPercent: 2, longWindow: '1h', shortWindow: '15m', severity: 'critical' },
              aaPage: { budgetPercent: 3, longWindow: '1h', shortWindow: '10m', severity: 'critical' },
            },
          },
        },
      ],
    },
  ],
};

function generate(cwd: string, config: string, out: string, env: Record<string, string>): void {
  const run = spawnSync(process.execPath, [BIN, 'generate', '--config', config, '--out', out], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
}

describe('output is independent of locale and time zone', () => {
  it("this Node's ICU collates by the environment's locale, so a Danish run would reorder what localeCompare sorts", () => {
    const probe = spawnSync(process.execPath, ['-p', "['b', 'aa'].sort((x, y) => x.localeCompare(y)).join() + ' ' + new Date(0).getHours()"], { encoding: 'utf8', env: { ...process.env, ...DANISH } });
    expect(probe.stdout.trim()).toBe('b,aa 12');
  });

  for (const [name, config] of [
    ['the example config', join(REPO, 'slo.config.ts')],
    ['a config with tiers whose names collate differently in Danish', 'tiered.json'],
  ] as const) {
    it(`${name} gives byte-identical trees under LANG=da_DK.UTF-8 TZ=Pacific/Chatham and LANG=C TZ=UTC`, async () => {
      const work = await mkdtemp(join(tmpdir(), 'sloforge-locale-'));
      await writeFile(join(work, 'tiered.json'), JSON.stringify(TIERED));
      // From the repository, where the example config finds the `sloforge` it imports.
      generate(REPO, resolve(work, config), join(work, 'danish'), DANISH);
      generate(REPO, resolve(work, config), join(work, 'plain'), PLAIN);
      const danish = await snapshot(join(work, 'danish'));
      expect(Object.keys(danish).length).toBeGreaterThan(3);
      expect(danish).toEqual(await snapshot(join(work, 'plain')));
    });
  }
});
