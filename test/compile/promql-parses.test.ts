import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load.ts';
import { render } from '../../src/render.ts';
import { syntaxError } from '../../src/config/promql.ts';
import { withSampleValues } from '../../src/config/dashboards-to-model.ts';
import { CONFIGS } from '../support/configs.ts';

describe.each(CONFIGS)('every PromQL expression generated from %s parses', (config) => {
  it('rule expressions, the queries of the generated tests, and every dashboard query with its variables filled in', async () => {
    const files = [...render(await loadConfig(config))];
    const expressions: string[] = [];
    for (const file of files.filter((f) => f.path.startsWith('grafana/dashboards/'))) {
      const dashboard = JSON.parse(file.content) as { panels: { targets?: { expr: string }[] }[] };
      for (const panel of dashboard.panels) expressions.push(...(panel.targets ?? []).map((t) => withSampleValues(t.expr)));
    }
    for (const file of files.filter((f) => f.path.endsWith('.yml'))) {
      const data = parse(file.content) as { groups?: { rules: { expr: string }[] }[]; tests?: { promql_expr_test?: { expr: string }[] }[] };
      for (const group of data.groups ?? []) expressions.push(...group.rules.map((r) => r.expr));
      for (const test of data.tests ?? []) expressions.push(...(test.promql_expr_test ?? []).map((t) => t.expr));
    }
    expect(expressions.length).toBeGreaterThan(20);
    expect(expressions.map((e) => [e, syntaxError(e)]).filter(([, error]) => error)).toEqual([]);
  });
});

describe('generating leaves the config object unchanged', () => {
  it('a deep-frozen config compiles: any write to it would throw in this strict-mode module', async () => {
    const { validateConfig } = await import('../../src/config/validate.ts');
    const config = deepFreeze(structuredClone((await import('../../slo.config.ts')).default));
    expect([...render(validateConfig(config, 'slo.config.ts'))].length).toBeGreaterThan(5);
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
