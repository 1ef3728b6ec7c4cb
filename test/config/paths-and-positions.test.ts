/**
 * Problems name list items by their names, not their indices, and a problem in a YAML or
 * JSON file says the line and column of the value it is about.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import { validateConfig } from '../../src/config/validate.ts';
import { ConfigError, type Diagnostic } from '../../src/config/diagnostics.ts';

function problemsOf(run: () => unknown): Diagnostic[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.diagnostics];
    throw error;
  }
  throw new Error('the config was accepted');
}

async function problemsIn(file: string): Promise<Diagnostic[]> {
  try {
    await loadConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.diagnostics];
    throw error;
  }
  throw new Error(`${file} was accepted`);
}

const sli = { ratio: { errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' } };

describe('paths name list items', () => {
  it('names services, SLOs, alerts and probe endpoints by their names', () => {
    const found = problemsOf(() =>
      validateConfig(
        {
          services: [
            {
              name: 'fraiseql',
              probes: { prober: 'bb:9115', endpoints: [{ name: 'health', url: 'http://a/health', module: 'http_3xx' }] },
              slos: [
                { name: 'availability', objective: 99.9, sli },
                { name: 'query-latency', objective: 100, sli },
              ],
              alerts: [{ name: 'Down', severity: 'critical', summary: 's', serviceDown: {}, for: 'soon' }],
            },
          ],
        },
        'slo.config.ts',
      ),
    );
    expect(found.map((d) => d.path).sort()).toEqual([
      'services[fraiseql].alerts[Down].for',
      'services[fraiseql].probes.endpoints[health].module',
      'services[fraiseql].slos[query-latency].objective',
    ]);
  });

  it('names dashboards, rows and panels by their titles, quoted where they hold spaces', () => {
    const found = problemsOf(() =>
      validateConfig(
        { services: [{ name: 'api', slos: [{ name: 'a', objective: 99, sli }] }], dashboards: [{ title: 'API health', rows: [{ title: 'Service', panels: [{ title: 'Up', type: 'graph', query: 'up' }] }] }] },
        'slo.config.ts',
      ),
    );
    expect(found.map((d) => d.path)).toEqual(['dashboards["API health"].rows[Service].panels[Up].type']);
  });

  it('falls back to the index where the name is shared, refused, or looks like an index', () => {
    const found = problemsOf(() =>
      validateConfig(
        {
          services: [
            { name: 'api', slos: [{ name: 'a', objective: 0, sli }, { name: 'a', objective: 99, sli }] },
            { name: 'Bad Name', slos: [{ name: '7', objective: 100, sli }] },
          ],
        },
        'slo.config.ts',
      ),
    );
    expect(found.map((d) => d.path).sort()).toEqual(['services[1].name', 'services[1].slos["7"].objective', 'services[api].slos[0].objective', 'services[api].slos[1].name']);
  });

  it('points a duplicate at the first item of the name, named the same way', () => {
    const found = problemsOf(() => validateConfig({ services: [{ name: 'api', slos: [{ name: 'a', objective: 99, sli }, { name: 'a', objective: 99, sli }] }] }, 'slo.config.ts'));
    expect(found).toEqual([{ path: 'services[api].slos[1].name', message: 'duplicate SLO name "a" (also at services[api].slos[0])' }]);
  });
});

describe('problems in a YAML or JSON file carry their line and column', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sloforge-positions-'));
  });

  const yaml = [
    'services:', //                                            1
    '  - name: checkout', //                                   2
    '    slos:', //                                            3
    '      - name: availability', //                           4
    "        objective: '99.9'", //                            5
    '        sli:', //                                         6
    '          ratio:', //                                     7
    '            errors: http_requests_total{code=~"5.."}', // 8
    '            totl: http_requests_total', //                9
    '    alerts:', //                                         10
    '      - name: Down', //                                  11
    '        severity: critical', //                          12
    '        summary: down', //                               13
    '        for: 900', //                                    14
    '        serviceDown: {}', //                             15
  ].join('\n');

  it('in YAML: a value where it is written, a missing field at its parent', async () => {
    await writeFile(join(dir, 'slo.yaml'), `${yaml}\n`);
    const found = await problemsIn(join(dir, 'slo.yaml'));
    const at = (path: string) => found.filter((d) => d.path === path).map((d) => [d.line, d.column]);
    expect(at('services[checkout].slos[availability].objective')).toEqual([[5, 20]]);
    expect(at('services[checkout].slos[availability].sli.ratio.totl')).toEqual([[9, 19]]);
    expect(at('services[checkout].slos[availability].sli.ratio.total')).toEqual([[7, 11]]);
    expect(at('services[checkout].alerts[Down].for')).toEqual([[14, 14]]);
  });

  it('in JSON, parsed for positions as YAML', async () => {
    const config = { services: [{ name: 'checkout', slos: [{ name: 'availability', objective: 100, sli }] }] };
    await writeFile(join(dir, 'slo.json'), JSON.stringify(config, null, 2));
    const [problem] = await problemsIn(join(dir, 'slo.json'));
    expect(problem).toEqual({ path: 'services[checkout].slos[availability].objective', message: 'must be < 100', line: 8, column: 24 });
  });

  it('and in the printed report, after the message', async () => {
    await writeFile(join(dir, 'printed.yaml'), `${yaml}\n`);
    const error = await loadConfig(join(dir, 'printed.yaml')).catch((e: unknown) => e);
    expect((error as Error).message).toContain('\n  services[checkout].slos[availability].objective: must be a number, got a string ("99.9"); write the number without quotes: 99.9 (line 5, column 20)\n');
  });

  it('a TS config has no text to point into: its problems carry the path alone', async () => {
    await writeFile(join(dir, 'slo.config.ts'), `export default ${JSON.stringify({ services: [{ name: 'checkout', slos: [{ name: 'availability', objective: 100, sli }] }] })};\n`);
    expect(await problemsIn(join(dir, 'slo.config.ts'))).toEqual([{ path: 'services[checkout].slos[availability].objective', message: 'must be < 100' }]);
  });
});
