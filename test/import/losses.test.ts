import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importSpecs } from '../../src/import/index.ts';

const slo = (name: string) => `  - name: ${name}\n    objective: 99\n    sli:\n      events:\n        error_query: sum(rate(x_total{code="5"}[{{.window}}]))\n        total_query: sum(rate(x_total[{{.window}}]))\n`;

describe('losses', () => {
  it("a loss of the service itself (its name) is reported once, and commented at each of its SLOs", async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'sloforge-import-losses-')), 'spec.yaml');
    await writeFile(file, `version: prometheus/v1\nservice: My Service\nslos:\n${slo('a')}${slo('b')}`);
    const result = await importSpecs([file], 'yaml');
    expect(result.losses).toEqual([{ file, path: 'service', message: expect.stringContaining('imported as "my-service"'), dropsSlo: false }]);
    expect(result.text.match(/# sloforge import: "My Service" is not a sloforge name/g)).toHaveLength(2);
  });

  it('writes a description of blank lines with its spaces, which yaml alone would write as a block that loses them', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'sloforge-import-losses-')), 'spec.yaml');
    await writeFile(file, `version: prometheus/v1\nservice: api\nslos:\n${slo('a')}    description: " \\n  \\n"\n`);
    const { text } = await importSpecs([file], 'yaml');
    expect((parse(text) as { services: { slos: { description?: string }[] }[] }).services[0]!.slos[0]!.description).toBe(' \n  \n');
  });

  it('the same documents give the same bytes, TS and YAML', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'sloforge-import-losses-')), 'spec.yaml');
    await writeFile(file, `version: prometheus/v1\nservice: api\nslos:\n${slo('b')}${slo('a')}`);
    for (const format of ['ts', 'yaml'] as const) expect((await importSpecs([file], format)).text).toBe((await importSpecs([file], format)).text);
  });
});
