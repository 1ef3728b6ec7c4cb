/** A config file that starts with a byte-order mark (as Windows editors write one) loads like one without. */
import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';

const config = { services: [{ name: 'api', slos: [{ name: 'availability', objective: 99.9, sli: { ratio: { errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' } } }] }] };

describe('a byte-order mark', () => {
  it.each(['slo.json', 'slo.yaml'])('is skipped in %s', async (name) => {
    const file = join(await mkdtemp(join(tmpdir(), 'sloforge-bom-')), name);
    await writeFile(file, `\uFEFF${JSON.stringify(config, null, 2)}`);
    const model = await loadConfig(file);
    expect(model.services.map((s) => s.name)).toEqual(['api']);
  });

  it('does not shift the line and column a problem is reported at', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sloforge-bom-'));
    const text = JSON.stringify({ ...config, extra: 1 }, null, 2);
    const refusal = async (name: string, content: string) => {
      await writeFile(join(dir, name), content);
      return loadConfig(join(dir, name), 'slo.json').then(() => 'accepted', (error: Error) => error.message);
    };
    const plain = await refusal('plain.json', text);
    expect(plain).toMatch(/extra: unknown field; .* \(line 19, column 12\)/);
    expect(await refusal('marked.json', `\uFEFF${text}`)).toBe(plain);
  });
});
