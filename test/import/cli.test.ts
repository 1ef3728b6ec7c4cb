import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { FIXTURES, SLOTH_ANCHOR } from './imported-rules.ts';

async function sloforge(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { write: (s: string) => ((stdout += s), true) }, { write: (s: string) => ((stderr += s), true) });
  return { code, stdout, stderr };
}

const exists = (path: string) => stat(path).then(() => true, () => false);

describe('sloforge import: bad input', () => {
  const cases = [
    ['a file in none of the formats', 'not-a-spec.yaml', 'apiVersion: "v1" is none of the formats sloforge imports'],
    ['an invalid objective', 'bad-objective.yaml', 'slos[0].objective: the objective must be above 0 and below 100, got 100.5'],
    ['an unknown version', 'unknown-version.yaml', 'version: unknown version "prometheus/v2"'],
    ['a Pyrra spec without its indicator', 'pyrra-without-indicator.yaml', 'spec.indicator: a Pyrra spec needs an indicator'],
  ] as const;
  for (const [what, name, message] of cases) {
    it(`${what} exits 1 naming the file and path, and writes nothing`, async () => {
      const out = join(await mkdtemp(join(tmpdir(), 'sloforge-import-cli-')), 'slo.config.ts');
      const file = join(FIXTURES, 'bad', name);
      const run = await sloforge('import', file, '--out', out);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`${file}: ${message}`);
      expect(run.stderr).toContain('Nothing was written.');
      expect(await exists(out)).toBe(false);
    });
  }

  it('a missing file exits 1 naming it', async () => {
    const run = await sloforge('import', join(FIXTURES, 'no-such.yaml'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no-such.yaml: no such file or directory');
  });
});

describe('sloforge import: exit codes, output and report', () => {
  it('exits 0 when every SLO came across, 1 with --strict when anything was lost, and lists each loss with file and path', async () => {
    const pyrra = join(FIXTURES, 'pyrra');
    const lenient = await sloforge('import', pyrra, '--format', 'yaml');
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain(`${join(pyrra, 'slos.yaml')}: [document 4] spec.indicator.latencyNative: sloforge records no native histograms`);
    expect(lenient.stderr).toContain("How the alerts differ from Pyrra's:");
    const strict = await sloforge('import', pyrra, '--format', 'yaml', '--strict');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe(lenient.stdout);
  });

  it('exits 1 when an SLO stayed behind, even without --strict', async () => {
    const run = await sloforge('import', join(FIXTURES, 'sloth/kubernetes-and-raw.yml'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('3 SLOs imported, 1 not imported');
  });

  it("states Sloth's differences in alert behaviour: the averaged 30d SLI, one OR'ed alert per severity, no for", async () => {
    const run = await sloforge('import', join(SLOTH_ANCHOR, 'getting-started.spec.yml'));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Sloth's period SLI averages its 5m error ratios over 30d");
    expect(run.stderr).toContain('one alert per severity, the OR of its two window pairs');
    expect(run.stderr).toContain("Sloth's alerts have no `for`");
  });

  it('writes --out, refuses to replace it without --force, and gives the same bytes for the same input', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'sloforge-import-cli-')), 'slo.config.ts');
    const sources = [join(FIXTURES, 'openslo'), join(FIXTURES, 'pyrra/slos.yaml'), join(SLOTH_ANCHOR, 'getting-started.spec.yml')];
    expect((await sloforge('import', ...sources, '--out', out)).code).toBe(1); // the Datadog SLO stays behind
    const first = await readFile(out, 'utf8');
    const refused = await sloforge('import', ...sources, '--out', out);
    expect(refused.stderr).toContain('exists; nothing was written');
    await sloforge('import', ...sources, '--out', out, '--force');
    expect(await readFile(out, 'utf8')).toBe(first);
    expect(first).toContain("name: 'myservice'");
    expect(first).toContain("name: 'checkout'");
  });

  it('without a file is a usage error', async () => {
    expect((await sloforge('import')).code).toBe(2);
  });
});
