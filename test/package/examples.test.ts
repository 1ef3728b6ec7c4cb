import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promtool, run } from '../support/promtool.ts';

const REPO = resolve(import.meta.dirname, '../..');
const BIN = join(REPO, 'bin/sloforge.js');

/** Every config in examples/ and templates/ (what `sloforge init` writes): a new one is covered without a change here. */
const CONFIGS = [
  ...(await readdir(join(REPO, 'examples'))).filter((name) => /\.(ts|mts|yaml|yml|json)$/.test(name) && !name.startsWith('github-actions')).map((name) => `examples/${name}`),
  ...(await readdir(join(REPO, 'templates'))).filter((name) => name.startsWith('slo.config.')).map((name) => `templates/${name}`),
];

const sloforge = (...args: string[]) => {
  const child = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8' });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
};

describe('the shipped examples', () => {
  it('are the four of the README, and the init templates', () => {
    expect(CONFIGS.sort()).toEqual(['examples/http-api.config.ts', 'examples/probes-only.config.ts', 'examples/queue-worker.config.ts', 'examples/slo.yaml', 'templates/slo.config.ts', 'templates/slo.config.yaml']);
  });

  it.each(CONFIGS)('%s validates, generates through the CLI, and promtool and amtool accept what it generates', async (config) => {
    expect(sloforge('validate', '--config', config)).toMatchObject({ code: 0, stderr: '' });
    const out = join(await mkdtemp(join(tmpdir(), 'sloforge-example-')), 'generated');
    expect(sloforge('generate', '--config', config, '--out', out)).toMatchObject({ code: 0, stderr: '' });
    const rules = (await readdir(join(out, 'prometheus/rules'))).map((name) => join(out, 'prometheus/rules', name));
    expect(rules.length).toBeGreaterThan(0);
    for (const file of rules) {
      const check = await promtool(['check', 'rules', '--lint=all', '--lint-fatal', file]);
      expect(check.output).toContain('SUCCESS');
      expect(check.code).toBe(0);
    }
    expect(await promtool(['check', 'config', '--syntax-only', join(out, 'prometheus/prometheus.yml')])).toMatchObject({ code: 0 });
    const alertmanager = join(out, 'alertmanager/alertmanager.yml');
    if (existsSync(alertmanager)) expect((await run('amtool', ['check-config', alertmanager])).code).toBe(0);
  });
});
