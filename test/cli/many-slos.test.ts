/**
 * A config of 10,000 SLOs generates within a 512 MB heap: files are written as they
 * compile, a service at a time, never held in memory all at once. Its speed is
 * measured by `npm run bench`, not here.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SliConfig, SloforgeConfig } from '../../src/config/types.ts';
import { promtool } from '../support/promtool.ts';

const BIN = resolve(import.meta.dirname, '../../bin/sloforge.js');
const SERVICES = 1000;
const SLOS_PER_SERVICE = 10;

function sli(service: string, index: number): SliConfig {
  const job = `job="${service}"`;
  switch (index % 4) {
    case 0:
      return { ratio: { errors: `http_requests_total{${job},code=~"5.."}`, total: `http_requests_total{${job}}` } };
    case 1:
      return { latency: { histogram: `http_request_duration_seconds{${job}}`, threshold: '250ms' } };
    case 2:
      return { uptime: { gauge: `probe_success{${job}}` } };
    default:
      return { raw: { errorRatio: `sum(rate(jobs_failed_total{${job}}[$window])) / sum(rate(jobs_total{${job}}[$window]))` } };
  }
}

const config: SloforgeConfig = {
  services: Array.from({ length: SERVICES }, (_, s) => ({
    name: `service-${s}`,
    slos: Array.from({ length: SLOS_PER_SERVICE }, (_, i) => ({ name: `slo-${i}`, objective: [99, 99.5, 99.9, 99.95][i % 4]!, sli: sli(`service-${s}`, i) })),
  })),
};

describe('a config of 10,000 SLOs', () => {
  it('generates every file within a 512 MB heap, and the rules pass promtool', async () => {
    const work = await mkdtemp(join(tmpdir(), 'sloforge-many-'));
    await writeFile(join(work, 'slo.json'), JSON.stringify(config));
    const run = spawnSync(process.execPath, ['--max-old-space-size=512', BIN, 'generate', '--config', 'slo.json'], { cwd: work, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // Per service a rule file, three test files (evaluated every minute, every 5m, every hour) and a dashboard; then prometheus.yml, the overview, provisioning, SUMMARY.md and the manifest.
    expect(run.stdout).toBe(`wrote ${5 * SERVICES + 6} files to generated/\n`);
    const rules = await readdir(join(work, 'generated/prometheus/rules'));
    expect(rules).toHaveLength(SERVICES);
    const sample = ['service-0.yml', `service-${SERVICES - 1}.yml`].map((file) => join(work, 'generated/prometheus/rules', file));
    const check = await promtool(['check', 'rules', '--lint=all', '--lint-fatal', ...sample]);
    expect(check.code, check.output).toBe(0);
  });
});
