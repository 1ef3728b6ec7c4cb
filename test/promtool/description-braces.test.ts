/** Braces in a description print as written: a run such as `{}}` must not open a Go template action (found by the long fuzz). */
import { describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../src/config/validate.ts';
import { render } from '../../src/render.ts';
import { emit } from '../../src/output/emit.ts';
import { promtool } from '../support/promtool.ts';

describe('a description made of brace runs', () => {
  it.each(['{}}"', '{{{x}}}', 'a {} b }}}{{'])('%s passes promtool check rules', async (description) => {
    const dir = join(await mkdtemp(join(tmpdir(), 'sloforge-braces-')), 'generated');
    try {
      const config = { services: [{ name: 'a', slos: [{ name: 'a', objective: 99, description, sli: { ratio: { errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' } } }] }] };
      await emit(dir, render(validateConfig(config, 'slo.json')));
      const check = await promtool(['check', 'rules', join(dir, 'prometheus/rules/a.yml')]);
      expect(check.code, check.output).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
