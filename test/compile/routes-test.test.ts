/**
 * The generated routes-test.sh (guide, Part 5: "Test alert notification flow") run as a
 * user's CI would: every severity reaches its receiver through `amtool config routes test`,
 * and the script fails when alertmanager.yml routes a level elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { generateInto } from '../support/generate.ts';
import { run } from '../support/promtool.ts';

describe('generated/alertmanager/routes-test.sh', () => {
  it("passes on the example's alertmanager.yml, one amtool check per severity and the default receiver, and fails once a level's route is changed", async () => {
    const { dir } = await generateInto(join(import.meta.dirname, '../../slo.config.ts'));
    try {
      const script = join(dir, 'alertmanager/routes-test.sh');
      const passed = await run('sh', [script]);
      expect(passed.code, passed.output).toBe(0);
      expect(passed.output.split('\n').filter((line) => !line.startsWith('Warning: --config.file'))).toEqual([
        'a critical alert of fraiseql reaches pagerduty-all',
        'pagerduty-all',
        'a high alert of fraiseql reaches pagerduty-primary',
        'pagerduty-primary',
        'a medium alert of fraiseql reaches slack-ops',
        'slack-ops',
        'a low alert of fraiseql reaches tickets',
        'tickets',
        'an alert of no known severity reaches the default receiver slack-ops',
        'slack-ops',
        '',
      ]);
      const config = join(dir, 'alertmanager/alertmanager.yml');
      const yml = await readFile(config, 'utf8');
      const misrouted = yml.replace('      receiver: tickets\n', '      receiver: slack-ops\n');
      expect(misrouted).not.toBe(yml);
      await writeFile(config, misrouted);
      const failed = await run('sh', [script]);
      expect(failed.code).not.toBe(0);
      // stdout and stderr interleave: the failing check, amtool's warning, and nothing after it (set -e).
      expect(failed.output).toContain('a low alert of fraiseql reaches tickets');
      expect(failed.output).toContain('WARNING: Expected receivers did not match resolved receivers.');
      expect(failed.output).not.toContain('an alert of no known severity');
    } finally {
      await rm(dirname(dir), { recursive: true, force: true });
    }
  }, 120_000);
});
