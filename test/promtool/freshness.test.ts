/**
 * Freshness alerts (guide, Part 6: backups every 6 hours, WAL archiving for an RPO under
 * 5 minutes): the generated promtool tests prove a stopped timestamp fires after maxAge,
 * one that keeps up stays silent, a missing gauge fires; and they fail on a rule that
 * waits too long.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateConfig } from '../../src/config/validate.ts';
import { render } from '../../src/render.ts';
import { emit } from '../../src/output/emit.ts';
import type { SloforgeConfig } from '../../src/config/types.ts';
import { testRules } from '../support/promtool.ts';

const config: SloforgeConfig = {
  services: [
    {
      name: 'db',
      slos: [{ name: 'uptime', objective: 99, alerting: false, sli: { uptime: { gauge: 'up{job="db"}' } } }],
      alerts: [
        { name: 'BackupStale', severity: 'high', for: '30m', summary: 'last backup older than 6h', freshness: { timestamp: 'backup_last_success_timestamp_seconds{job="backup",kind=~"full|base"}', maxAge: '6h' } },
        { name: 'WalArchivingStale', severity: 'critical', summary: 'WAL archive older than 5m', freshness: { timestamp: 'wal_archive_last_success_timestamp_seconds', maxAge: '5m' } },
      ],
    },
  ],
};

const TEST_FILES = ['prometheus/tests/db.5m.test.yml', 'prometheus/tests/db.test.yml'] as const;

async function generated(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sloforge-freshness-'));
  await emit(dir, render(validateConfig(config, 'freshness')));
  return dir;
}

describe('freshness alerts', () => {
  it('fire once the timestamp is older than maxAge (after for) and when the gauge is absent, and stay silent while it keeps up: promtool passes', async () => {
    const dir = await generated();
    try {
      const rules = await readFile(join(dir, 'prometheus/rules/db.yml'), 'utf8');
      expect(rules).toContain('expr: time() - backup_last_success_timestamp_seconds{job="backup",kind=~"full|base"} > 21600 or absent(backup_last_success_timestamp_seconds{job="backup",kind=~"full|base"})');
      type Suite = { evaluation_interval: string; tests: { name: string; promql_expr_test: { exp_samples: { labels: string }[] }[] }[] };
      // A bound of an hour or more is tested every 5m, a shorter one every minute; the stopped timestamp is that old a step in.
      const [every5m, everyMinute] = await Promise.all(TEST_FILES.map(async (name) => parse(await readFile(join(dir, name), 'utf8')) as Suite));
      expect([every5m!.evaluation_interval, everyMinute!.evaluation_interval]).toEqual(['5m', '1m']);
      const suite = { tests: [...every5m!.tests, ...everyMinute!.tests.filter((t) => t.name.includes('Stale'))] };
      expect(suite.tests.map((t) => t.name)).toEqual([
        'db/BackupStale: a timestamp that stopped 6h before 5m is silent then and fires by 40m',
        'db/BackupStale: a timestamp that keeps up with the clock never fires',
        'db/BackupStale: fires 30m after backup_last_success_timestamp_seconds is missing',
        'db/WalArchivingStale: a timestamp that stopped 5m before 1m is silent then and fires by 2m',
        'db/WalArchivingStale: a timestamp that keeps up with the clock never fires',
        'db/WalArchivingStale: fires 0m after wal_archive_last_success_timestamp_seconds is missing',
      ]);
      // absent() keeps the equality matchers only; the stopped series keeps its own labels.
      expect(suite.tests[2]!.promql_expr_test[0]!.exp_samples[0]!.labels).toBe('{__name__="ALERTS",alertname="BackupStale",alertstate="firing",job="backup",service="db",severity="high"}');
      expect(suite.tests[0]!.promql_expr_test[1]!.exp_samples[0]!.labels).toBe('{__name__="ALERTS",alertname="BackupStale",alertstate="firing",job="backup",kind="full",service="db",severity="high"}');
      for (const name of TEST_FILES) {
        const run = await testRules(join(dir, name));
        expect(run.code, run.output).toBe(0);
        expect(run.output).toContain('SUCCESS');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('the generated tests fail on a rule whose bound is wrong (12h instead of 6h) or that forgets the absent gauge', async () => {
    const dir = await generated();
    try {
      const file = join(dir, 'prometheus/rules/db.yml');
      const rules = await readFile(file, 'utf8');
      const breaks = [
        { rules: rules.replace('> 21600', '> 43200'), caughtBy: TEST_FILES[0] },
        { rules: rules.replace(/ or absent\(wal_archive_last_success_timestamp_seconds\)/, ''), caughtBy: TEST_FILES[1] },
      ];
      for (const broken of breaks) {
        expect(broken.rules).not.toBe(rules);
        await writeFile(file, broken.rules);
        const run = await testRules(join(dir, broken.caughtBy));
        expect(run.code, run.output).toBe(1);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
