import { describe, expect, it, beforeAll } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateInto } from '../support/generate.ts';
import { promtool, run as runCommand, testRules } from '../support/promtool.ts';
import { CHECK_CONFIG_FLAGS, CONFIGS } from '../support/configs.ts';

describe.each(CONFIGS)('rules generated from %s, run by the real promtool', (config) => {
  let out: { dir: string; files: string[] };
  beforeAll(async () => {
    out = await generateInto(config);
  });

  it('every rule file passes `promtool check rules` with the duplicate-rule lint fatal', async () => {
    const rules = out.files.filter((f) => f.startsWith('prometheus/rules/'));
    expect(rules.length).toBeGreaterThan(0);
    for (const file of rules) {
      const run = await promtool(['check', 'rules', '--lint=all', '--lint-fatal', join(out.dir, file)]);
      expect(run.output).toMatch(/SUCCESS: \d+ rules found/);
      expect(run.code, run.output).toBe(0);
    }
  });

  it("every rule file loads in VictoriaMetrics' `vmalert -dryRun`, which parses each expression and template", async () => {
    const rules = out.files.filter((f) => f.startsWith('prometheus/rules/')).map((f) => `-rule=${join(out.dir, f)}`);
    const run = await runCommand('vmalert', ['-dryRun', '-loggerLevel=ERROR', ...rules]);
    expect(run.code, run.output).toBe(0);
    // The same check refuses a file with one expression broken: a pass above means something.
    const broken = join(out.dir, 'broken.yml');
    await writeFile(broken, (await readFile(rules[0]!.slice('-rule='.length), 'utf8')).replace(/expr: /, 'expr: sum by ('));
    expect((await runCommand('vmalert', ['-dryRun', '-loggerLevel=ERROR', `-rule=${broken}`])).code).not.toBe(0);
  });

  it('prometheus.yml passes `promtool check config`, rules included', async () => {
    const run = await promtool(['check', 'config', ...CHECK_CONFIG_FLAGS[config], join(out.dir, 'prometheus/prometheus.yml')]);
    expect(run.output).toContain('is valid prometheus config file syntax');
    expect(run.output).not.toContain('FAILED');
    expect(run.code, run.output).toBe(0);
  });

  it('alertmanager.yml passes `amtool check-config`', async () => {
    const run = await runCommand('amtool', ['check-config', join(out.dir, 'alertmanager/alertmanager.yml')]);
    expect(run.output).toContain('SUCCESS');
    expect(run.code, run.output).toBe(0);
  });

  // promtool runs every SLO's rules at each simulated minute: the example's days of ticket-tier tests take about ten minutes of CPU.
  it('every generated unit test passes `promtool test rules`', async () => {
    const tests = out.files.filter((f) => f.startsWith('prometheus/tests/'));
    expect(tests.length).toBeGreaterThan(0);
    for (const file of tests) {
      const run = await testRules(join(out.dir, file));
      expect(run.output).toContain('SUCCESS');
      expect(run.code, run.output).toBe(0);
    }
  }, 1_800_000);
});
