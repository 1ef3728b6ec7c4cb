/**
 * `sloforge diff --prometheus` on two configs that differ in one objective (99% → 99.5%),
 * against the backfilled incident history: each changed alert's old and new firing counts
 * and times are what `sloforge backtest` gives for each config alone (which the backtest
 * test proves equal to Prometheus' own evaluation), the tighter objective fires at least as
 * often on every tier and more on some, and the budget spent doubles, as the range's
 * errors over a budget half as large must.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from '../../src/generate.ts';
import { FIRST, LAST, requestsIn, MINUTES, INCIDENTS } from './incident-history.ts';
import { config, run, startBackfilledPrometheus, type BackfilledPrometheus } from './backfilled-prometheus.ts';

let server: BackfilledPrometheus | undefined;
const dirs = { old: '', new: '' };
const files = { old: '', new: '' };

beforeAll(async () => {
  server = await startBackfilledPrometheus();
  for (const [side, objective] of [['old', 99], ['new', 99.5]] as const) {
    files[side] = join(server.work, `${side}.config.json`);
    await writeFile(files[side], JSON.stringify(config(objective)));
    dirs[side] = join(server.work, side, 'generated');
    await mkdir(dirs[side], { recursive: true });
    await generate({ config: files[side], out: dirs[side] });
  }
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

interface DiffJson {
  backtest: {
    range: string;
    start: string;
    end: string;
    alerts: { subject: string; severity: string; old?: { count: number; seconds: number }; new?: { count: number; seconds: number } }[];
    slos: { subject: string; old?: number; new?: number }[];
  };
}

interface BacktestJson {
  alerts: { alertname: string; labels: Record<string, string>; firings: unknown[]; firingSeconds: number }[];
}

const subject = (a: BacktestJson['alerts'][number]) => [`${a.labels.service}/${a.labels.slo}`, a.alertname, a.labels.long_window ? `${a.labels.long_window}/${a.labels.short_window}` : undefined].filter(Boolean).join(' ');

describe('sloforge diff --prometheus on a tighter objective', () => {
  let diff: DiffJson;
  const alone: Record<'old' | 'new', BacktestJson> = { old: { alerts: [] }, new: { alerts: [] } };

  beforeAll(async () => {
    const result = await run(['diff', '--old', dirs.old, '--new', dirs.new, '--prometheus', server!.url, '--range', '30d', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    diff = JSON.parse(result.stdout) as DiffJson;
    // The same range as the diff's, each config alone.
    for (const side of ['old', 'new'] as const) {
      const single = await run(['backtest', '--config', files[side], '--prometheus', server!.url, '--start', diff.backtest.start, '--end', diff.backtest.end, '--format', 'json']);
      expect(single.code).toBe(0);
      alone[side] = JSON.parse(single.stdout) as BacktestJson;
    }
  }, 300_000);

  it('reads the last 30 days, which hold the history', () => {
    expect(diff.backtest.range).toBe('30d');
    expect(Date.parse(diff.backtest.end) - Date.parse(diff.backtest.start)).toBe(30 * 86_400_000);
    expect(Date.parse(diff.backtest.start) / 1000).toBeLessThan(FIRST);
    expect(Date.parse(diff.backtest.end) / 1000).toBeGreaterThan(LAST);
  });

  it('gives every changed tier the firing counts and times the backtest of each config gives', () => {
    expect(diff.backtest.alerts.map((a) => a.subject).sort()).toEqual(['shop/requests ErrorBudgetBurn 1d/2h', 'shop/requests ErrorBudgetBurn 1h/5m', 'shop/requests ErrorBudgetBurn 3d/6h', 'shop/requests ErrorBudgetBurn 6h/30m', 'shop/requests SLONoData']);
    for (const alert of diff.backtest.alerts) {
      for (const side of ['old', 'new'] as const) {
        const matching = alone[side].alerts.filter((a) => subject(a) === alert.subject);
        expect(alert[side], `${side} ${alert.subject}`).toEqual({ count: matching.reduce((n, a) => n + a.firings.length, 0), seconds: matching.reduce((n, a) => n + a.firingSeconds, 0) });
      }
    }
  });

  it('fires at least as long on every burn-rate tier under the tighter objective, and longer on some', () => {
    const tiers = diff.backtest.alerts.filter((a) => a.subject.includes('ErrorBudgetBurn'));
    for (const alert of tiers) expect(alert.new!.seconds, alert.subject).toBeGreaterThanOrEqual(alert.old!.seconds);
    expect(tiers.some((a) => a.new!.seconds > a.old!.seconds)).toBe(true);
  });

  it('spends twice the budget under 99.5% as under 99%: the range\'s error ratio over 0.5% and over 1%', () => {
    expect(diff.backtest.slos.map((s) => s.subject)).toEqual(['shop/failures', 'shop/requests']);
    const slo = diff.backtest.slos.find((s) => s.subject === 'shop/requests');
    expect(slo!.new! / slo!.old!).toBeCloseTo(2, 9);
    // The synthetic minutes' own error ratio, without the gap's hour, whose requests no rate sees.
    let failed = 0;
    let total = 0;
    for (let m = 0; m < MINUTES; m++) {
      if (m >= INCIDENTS.gap[0] && m < INCIDENTS.gap[1] + 5) continue;
      failed += requestsIn(m).failed;
      total += requestsIn(m).total;
    }
    expect(slo!.old!).toBeCloseTo(failed / total / 0.01, 2);
    // The unchanged SLO spends the same budget on both sides.
    const unchanged = diff.backtest.slos.find((s) => s.subject === 'shop/failures')!;
    expect(unchanged.new).toBe(unchanged.old);
  });

  it('writes the pull-request comment\'s lines: would have paged N times instead of M in the last 30d', async () => {
    const result = await run(['diff', '--old', dirs.old, '--new', dirs.new, '--prometheus', server!.url, '--range', '30d', '--format', 'markdown']);
    expect(result.code).toBe(0);
    // The 6h tier pages 3 times instead of once: the 3.3× slow burn is a 6.6× burn of the tighter budget, over the tier's 6×.
    const page = diff.backtest.alerts.find((a) => a.subject.endsWith('6h/30m'))!;
    expect([page.old!.count, page.new!.count]).toEqual([1, 3]);
    expect(result.stdout).toContain('- `shop/requests ErrorBudgetBurn 6h/30m`: would have paged 3 times instead of 1 in the last 30d (firing ');
    const same = diff.backtest.alerts.find((a) => a.subject.endsWith('1h/5m'))!;
    expect(result.stdout).toContain(`- \`shop/requests ErrorBudgetBurn 1h/5m\`: would have paged ${same.new!.count} times in the last 30d, as before (firing `);
    expect(result.stdout).toContain('#### Backtest on the last 30d of data');
    if (process.env.BACKTEST_DUMP) await writeFile(process.env.BACKTEST_DUMP, result.stdout);
  });

  it('refuses a bad --range as a usage error, and an unreachable server with exit 1', async () => {
    const bad = await run(['diff', '--old', dirs.old, '--new', dirs.new, '--prometheus', server!.url, '--range', 'a month']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--range must be a duration such as 7d or 30d, got "a month"');
    const gone = await run(['diff', '--old', dirs.old, '--new', dirs.new, '--prometheus', 'http://127.0.0.1:9', '--range', '30d']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('cannot reach http://127.0.0.1:9');
    expect(gone.stdout).toBe('');
  });
});

