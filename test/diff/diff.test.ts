import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { validateConfig } from '../../src/config/validate.ts';
import type { SloforgeConfig, ThresholdAlertConfig } from '../../src/config/types.ts';
import { render } from '../../src/render.ts';
import { emit } from '../../src/output/emit.ts';
import { diffDirectories, formatReport, type Change } from '../../src/diff/index.ts';

const BIN = resolve(import.meta.dirname, '../../bin/sloforge.js');

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
type Config = Mutable<SloforgeConfig>;

const base = (): Config => ({
  services: [
    {
      name: 'checkout',
      scrape: { targets: ['checkout-1:8080'] },
      slos: [
        {
          name: 'availability',
          objective: 99.9,
          sli: { ratio: { errors: 'http_requests_total{job="checkout",code=~"5.."}', total: 'http_requests_total{job="checkout"}' } },
          alerting: { tiers: { fastTicket: false, slowTicket: false } },
        },
      ],
      alerts: [{ name: 'HighErrorRate', severity: 'critical', for: '5m', summary: 'errors', errorRate: { errors: 'e_total', total: 't_total', above: 0.005 } }],
    },
  ],
  alertmanager: {
    severities: { critical: { receiver: 'pager' }, warning: { receiver: 'chat' } },
    receivers: { pager: { pagerduty: { routingKeyFile: '/run/pd' } }, chat: { webhook: { url: 'http://chat.example/hook' } }, audit: { webhook: { url: 'http://audit.example/hook' } } },
    defaultReceiver: 'chat',
  },
});

async function tree(config: Config): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'sloforge-diff-test-')), 'generated');
  await emit(dir, render(validateConfig(config, 'slo.config.ts')));
  return dir;
}

async function changesFor(change: (config: Config) => void): Promise<{ changes: Change[]; oldDir: string; newDir: string }> {
  const after = base();
  change(after);
  const oldDir = await tree(base());
  const newDir = await tree(after);
  return { changes: await diffDirectories(oldDir, newDir), oldDir, newDir };
}

const slo = (config: Config) => config.services[0]!.slos[0]!;
const summaries = (changes: Change[], kind?: Change['kind']) => changes.filter((c) => !kind || c.kind === kind).map((c) => `${c.sensitivity}: ${c.subject}: ${c.summary}`);

function cli(cwd: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('sloforge diff reads generated trees as data and says what changed for alerting', () => {
  it('reports nothing for identical trees', async () => {
    const { changes } = await changesFor(() => {});
    expect(changes).toEqual([]);
  });

  it('a tightened objective makes every tier fire sooner', async () => {
    const { changes } = await changesFor((c) => (slo(c).objective = 99.95));
    expect(summaries(changes, 'slo')).toEqual(['more: checkout/availability: objective tightened: 99.95% over 30d, error budget 0.05% = 21m36s (was 99.9% over 30d, error budget 0.1% = 43m12s)']);
    expect(summaries(changes, 'tier')).toEqual([
      'more: checkout/availability ErrorBudgetBurn 1h/5m: pages sooner: fires at 0.72% errors instead of 1.44% (14.4x the budget, was 14.4x)',
      'more: checkout/availability ErrorBudgetBurn 6h/30m: pages sooner: fires at 0.3% errors instead of 0.6% (6x the budget, was 6x)',
    ]);
    expect(changes.some((c) => c.sensitivity === 'less')).toBe(false);
  });

  it('a loosened objective makes them fire later, and --fail-on less-sensitive exits 1', async () => {
    const { changes, oldDir, newDir } = await changesFor((c) => (slo(c).objective = 99.8));
    expect(summaries(changes, 'tier')[0]).toBe('less: checkout/availability ErrorBudgetBurn 1h/5m: pages later: fires at 2.88% errors instead of 1.44% (14.4x the budget, was 14.4x)');
    expect(cli(tmpdir(), 'diff', '--old', oldDir, '--new', newDir).code).toBe(0);
    const failing = cli(tmpdir(), 'diff', '--old', oldDir, '--new', newDir, '--fail-on', 'less-sensitive');
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('[less sensitive] checkout/availability ErrorBudgetBurn 1h/5m: pages later: fires at 2.88% errors instead of 1.44%');
  });

  it('--fail-on less-sensitive says on stderr which changes tripped it, and leaves JSON on stdout whole', async () => {
    const { oldDir, newDir } = await changesFor((c) => ((slo(c).objective = 99.8), (c.services[0]!.alerts![0]!.severity = 'warning')));
    const failing = cli(tmpdir(), 'diff', '--old', oldDir, '--new', newDir, '--format', 'json', '--fail-on', 'less-sensitive');
    expect(failing.code).toBe(1);
    expect(JSON.parse(failing.stdout).lessSensitive).toBe(5);
    expect(failing.stderr.split('\n')).toEqual([
      '--fail-on less-sensitive: 5 changes make alerting less sensitive:',
      expect.stringMatching(/^  checkout\/availability: objective loosened: /),
      expect.stringMatching(/^  checkout\/availability ErrorBudgetBurn 1h\/5m: pages later: /),
      expect.stringMatching(/^  checkout\/availability ErrorBudgetBurn 6h\/30m: pages later: /),
      '  checkout/HighErrorRate: severity warning instead of critical (less urgent)',
      // The no-data alert's default delay follows the budget: a looser objective waits longer.
      expect.stringMatching(/^  checkout\/availability\/SLONoData: waits 5m /),
      '',
    ]);
  });

  it('a tier with a changed budget share, window and for', async () => {
    const { changes } = await changesFor((c) => {
      slo(c).alerting = { tiers: { fastTicket: false, slowTicket: false, fastPage: { budgetPercent: 5, for: '10m' }, slowPage: { longWindow: '12h' } } };
    });
    // A tier's windows are part of its identity (its labels): a moved window is one tier gone and one new.
    expect(summaries(changes, 'tier')).toEqual([
      // Shortest window first, as the tiers escalate, not 12h before 1h as text would sort them.
      'less: checkout/availability ErrorBudgetBurn 1h/5m: pages later: fires at 3.6% errors instead of 1.44% (36x the budget, was 14.4x)',
      'less: checkout/availability ErrorBudgetBurn 1h/5m: waits 10m before firing (its `for`) instead of 2m',
      'less: checkout/availability ErrorBudgetBurn 6h/30m: alert tier removed (was critical, fires at 0.6% errors (6x the budget) over 6h and 30m, for 15m)',
      'more: checkout/availability ErrorBudgetBurn 12h/30m: new alert tier: critical, fires at 0.3% errors (3x the budget) over 12h and 30m, for 15m',
    ]);
  });

  it('a threshold alert: its number read from the PromQL syntax tree, and a changed expression shown side by side', async () => {
    const loosened = await changesFor((c) => ((c.services[0]!.alerts![0] as { errorRate: { above: number } }).errorRate.above = 0.01));
    expect(summaries(loosened.changes, 'alert')).toEqual(['less: checkout/HighErrorRate: fires later: when the error ratio over 5m > 1% instead of > 0.5%']);
    const rewritten = await changesFor((c) => (c.services[0]!.alerts![0] = { name: 'HighErrorRate', severity: 'critical', for: '5m', summary: 'errors', expr: 'sum(rate(e_total[10m])) > 3' }));
    const change = rewritten.changes.find((c) => c.kind === 'alert')!;
    expect(change.summary).toBe('expression changed');
    expect(change.before).toBe('sum(rate(e_total[5m])) / sum(rate(t_total[5m])) > 0.005');
    expect(change.after).toBe('sum(rate(e_total[10m])) > 3');
  });

  it('a new alert with no comparison to read says that its expression having a result fires it, and for how long', async () => {
    const { changes } = await changesFor((c) => c.services[0]!.alerts!.push({ name: 'QueueStuck', severity: 'critical', for: '10m', summary: 'stuck', expr: 'absent(queue_last_pop_timestamp_seconds)' }));
    expect(summaries(changes, 'alert')).toEqual(['more: checkout/QueueStuck: new alert (critical): fires when `absent(queue_last_pop_timestamp_seconds)` has a result for 10m']);
  });

  it('a minimum request rate and a changed quantile are reported', async () => {
    const { changes } = await changesFor((c) => {
      slo(c).alerting = { tiers: { fastTicket: false, slowTicket: false, fastPage: { minRequestRate: 100 } } };
      c.services[0]!.alerts!.push({ name: 'Slow', severity: 'warning', summary: 's', latency: { histogram: 'h_seconds', quantile: 0.99, above: 1 } });
    });
    expect(summaries(changes, 'tier')).toEqual(['less: checkout/availability ErrorBudgetBurn 1h/5m: minimum request rate 100 events/s instead of none (fires at any traffic)']);
    const base = await changesFor((c) => c.services[0]!.alerts!.push({ name: 'Slow', severity: 'warning', summary: 's', latency: { histogram: 'h_seconds', quantile: 0.95, above: 1 } }));
    const quantile = await diffDirectories(base.newDir, (await changesFor((c) => c.services[0]!.alerts!.push({ name: 'Slow', severity: 'warning', summary: 's', latency: { histogram: 'h_seconds', quantile: 0.99, above: 1 } }))).newDir);
    expect(summaries(quantile)).toEqual(['neutral: checkout/Slow: measures differently: quantile 0.99 instead of 0.95']);
    expect(quantile[0]).toMatchObject({ old: { quantile: { value: 0.95, unit: 'ratio' } }, new: { quantile: { value: 0.99, unit: 'ratio' } } });
  });

  it('a 28d period: every tier\'s factor follows, printed at three decimals (0.933x), and the change names the period', async () => {
    const { changes } = await changesFor((c) => {
      slo(c).period = '28d';
      slo(c).alerting = { tiers: { fastTicket: false } };
    });
    expect(summaries(changes).filter((c) => /ErrorBudgetBurn|: period/.test(c))).toEqual([
      'neutral: checkout/availability: period changed: 99.9% over 28d, error budget 0.1% = 40m19s (was 99.9% over 30d, error budget 0.1% = 43m12s)',
      'more: checkout/availability ErrorBudgetBurn 1h/5m: pages sooner: fires at 1.344% errors instead of 1.44% (13.44x the budget, was 14.4x)',
      'more: checkout/availability ErrorBudgetBurn 6h/30m: pages sooner: fires at 0.56% errors instead of 0.6% (5.6x the budget, was 6x)',
      'more: checkout/availability ErrorBudgetBurn 3d/6h: new alert tier: warning, fires at 0.0933% errors (0.933x the budget) over 3d and 6h, for 3h',
    ]);
  });

  it('in JSON every change carries its old and new numbers with units, not only prose', async () => {
    const { changes } = await changesFor((c) => {
      slo(c).objective = 99.8;
      slo(c).alerting = { tiers: { fastTicket: false, slowTicket: false, fastPage: { for: '10m', minRequestRate: 2 } } };
      (c.services[0]!.alerts![0] as { errorRate: { above: number } }).errorRate.above = 0.01;
    });
    const json = JSON.parse(formatReport({ notes: [], changes }, 'json')) as { changes: Change[] };
    const find = (subject: string, summary: RegExp) => json.changes.find((c) => c.subject === subject && summary.test(c.summary))!;
    expect(find('checkout/availability', /^objective loosened/)).toMatchObject({
      old: { objective: { value: 0.999, unit: 'ratio' }, period: { value: 2592000, unit: 'seconds' }, errorBudget: { value: 0.001, unit: 'ratio' }, errorBudgetTime: { value: 2592, unit: 'seconds' } },
      new: { objective: { value: 0.998, unit: 'ratio' }, errorBudget: { value: 0.002, unit: 'ratio' }, errorBudgetTime: { value: 5184, unit: 'seconds' } },
    });
    const tier = 'checkout/availability ErrorBudgetBurn 1h/5m';
    expect(find(tier, /^pages later/)).toMatchObject({ old: { firingErrorRatio: { value: 0.0144, unit: 'ratio' }, burnRate: { value: 14.4, unit: 'budget_burn_rate' } }, new: { firingErrorRatio: { value: 0.0288, unit: 'ratio' } } });
    expect(find(tier, /^waits/)).toMatchObject({ old: { for: { value: 120, unit: 'seconds' } }, new: { for: { value: 600, unit: 'seconds' } } });
    expect(find(tier, /^minimum request rate/)).toMatchObject({ old: { minRequestRate: { value: 0, unit: 'events_per_second' } }, new: { minRequestRate: { value: 2, unit: 'events_per_second' } } });
    expect(find('checkout/HighErrorRate', /^fires later/)).toEqual(
      expect.objectContaining({ old: { threshold: { value: 0.005, unit: 'ratio', of: 'the error ratio over 5m', op: '>' } }, new: { threshold: { value: 0.01, unit: 'ratio', of: 'the error ratio over 5m', op: '>' } } }),
    );
    const withoutNumbers = json.changes.filter((c) => ['slo', 'tier', 'alert'].includes(c.kind) && c.before === undefined && (c.old === undefined || c.new === undefined));
    expect(withoutNumbers).toEqual([]);
  });

  it('a new SLO, tier and threshold alert carry their new numbers; removed ones their old', async () => {
    const { changes } = await changesFor((c) => {
      slo(c).name = 'requests';
      c.services[0]!.alerts = [];
    });
    const removedSlo = changes.find((c) => c.kind === 'slo' && c.sensitivity === 'less')!;
    expect(removedSlo.old).toMatchObject({ objective: { value: 0.999, unit: 'ratio' } });
    expect(removedSlo.new).toBeUndefined();
    const newTier = changes.find((c) => c.subject === 'checkout/requests ErrorBudgetBurn 1h/5m')!;
    expect(newTier.new).toEqual({
      firingErrorRatio: { value: 0.0144, unit: 'ratio' },
      burnRate: { value: 14.4, unit: 'budget_burn_rate' },
      longWindow: { value: 3600, unit: 'seconds' },
      shortWindow: { value: 300, unit: 'seconds' },
      for: { value: 120, unit: 'seconds' },
      minRequestRate: { value: 0, unit: 'events_per_second' },
      severity: { value: 'critical', unit: 'name' },
    });
    const removedAlert = changes.find((c) => c.subject === 'checkout/HighErrorRate')!;
    expect(removedAlert.summary).toBe('alert removed (was critical: fires when the error ratio over 5m > 0.5% for 5m)');
    expect(removedAlert.old).toMatchObject({ threshold: { value: 0.005, unit: 'ratio', of: 'the error ratio over 5m', op: '>' }, for: { value: 300, unit: 'seconds' } });
  });

  it('each kind of threshold alert names the quantity its number is compared with', async () => {
    const alerts = (factor: number): ThresholdAlertConfig[] => [
      { name: 'HighErrorRate', severity: 'critical', summary: 's', errorRate: { errors: 'e_total', total: 't_total', above: 0.005 * factor, window: '10m' } },
      { name: 'SlowQueries', severity: 'warning', summary: 's', latency: { histogram: 'q_seconds', quantile: 0.95, above: 0.2 * factor } },
      { name: 'PoolExhausted', severity: 'warning', summary: 's', saturation: { used: 'db_connections_active', capacity: 'db_connections_max', above: 0.4 * factor } },
      { name: 'PoolOfTen', severity: 'warning', summary: 's', saturation: { used: 'db_connections_active', capacity: 10, above: 0.4 * factor } },
      { name: 'DiskFull', severity: 'warning', summary: 's', diskFull: { below: 0.1 * factor } },
      { name: 'HealthSlow', severity: 'warning', summary: 's', probeSlow: { endpoint: 'health', above: factor } },
      { name: 'QueueLong', severity: 'warning', summary: 's', expr: `sum(queue_length) > ${100 * factor}` },
      { name: 'BackupStale', severity: 'warning', summary: 's', freshness: { timestamp: 'backup_last_success_timestamp_seconds', maxAge: `${6 * factor}h` } },
    ];
    const withAlerts = (factor: number) => (c: Config) => {
      c.services[0]!.probes = { prober: '127.0.0.1:9115', endpoints: [{ name: 'health', url: 'http://checkout/health' }] };
      c.services[0]!.alerts = alerts(factor);
    };
    const { changes } = await changesFor(withAlerts(2));
    const before = await changesFor(withAlerts(1));
    expect(summaries(await diffDirectories(before.newDir, (await changesFor(withAlerts(2))).newDir))).toEqual([
      'less: checkout/BackupStale: fires later: when the age of backup_last_success_timestamp_seconds > 12h instead of > 6h',
      'more: checkout/DiskFull: fires sooner: when the share of disk space free < 20% instead of < 10%',
      'less: checkout/HealthSlow: fires later: when the health probe\'s duration > 2s instead of > 1s',
      'less: checkout/HighErrorRate: fires later: when the error ratio over 10m > 1% instead of > 0.5%',
      'less: checkout/PoolExhausted: fires later: when db_connections_active as a share of db_connections_max > 80% instead of > 40%',
      'less: checkout/PoolOfTen: fires later: when db_connections_active as a share of 10 > 80% instead of > 40%',
      'less: checkout/QueueLong: fires later: when sum(queue_length) > 200 instead of > 100',
      'less: checkout/SlowQueries: fires later: when the p95 latency over 5m > 400ms instead of > 200ms',
    ]);
    // New alerts say what they compare too, and the ones without a number say what they watch.
    expect(summaries(changes, 'alert').filter((c) => /SlowQueries|HealthSlow|BackupStale/.test(c))).toEqual([
      'more: checkout/BackupStale: new alert (warning): fires when the age of backup_last_success_timestamp_seconds > 12h',
      'more: checkout/HealthSlow: new alert (warning): fires when the health probe\'s duration > 2s',
      'more: checkout/SlowQueries: new alert (warning): fires when the p95 latency over 5m > 400ms',
    ]);
  });

  it('a renamed SLO is one removed and one added', async () => {
    const { changes } = await changesFor((c) => (slo(c).name = 'requests'));
    expect(summaries(changes, 'slo')).toEqual([
      expect.stringMatching(/^less: checkout\/availability: SLO removed, with its 2 alerts/),
      expect.stringMatching(/^more: checkout\/requests: new SLO: 99.9% over 30d/),
    ]);
  });

  it('a new scrape target and a removed receiver', async () => {
    const { changes } = await changesFor((c) => {
      c.services[0]!.scrape = { targets: ['checkout-1:8080', 'checkout-2:8080'] };
      delete c.alertmanager!.receivers.audit;
    });
    expect(summaries(changes, 'scrape')).toEqual(['more: scrape job checkout: target of checkout added: checkout-2:8080']);
    expect(summaries(changes, 'routing')).toEqual(['less: audit: receiver removed: audit']);
  });

  it('a page turned into a ticket is less sensitive, and each SLO\'s no-data alert is its own', async () => {
    const { changes } = await changesFor((c) => {
      c.services[0]!.slos.push({ ...structuredClone(slo(c)), name: 'latency' });
      slo(c).alerting = { tiers: { fastTicket: false, slowTicket: false, fastPage: { severity: 'warning' } }, noData: { for: '1h' } };
    });
    expect(summaries(changes).filter((c) => !c.startsWith('more: checkout/latency') && !c.includes('recording rule') && !c.includes('dashboard') && !c.includes('panel'))).toEqual([
      'less: checkout/availability ErrorBudgetBurn 1h/5m: severity warning instead of critical (less urgent)',
      'less: checkout/availability/SLONoData: waits 1h before firing (its `for`) instead of 3m',
    ]);
  });

  it('refuses a directory that holds no generated tree instead of calling everything new', async () => {
    const { newDir } = await changesFor(() => {});
    const run = cli(tmpdir(), 'diff', '--old', join(tmpdir(), 'no-such-tree'), '--new', newDir, '--fail-on', 'less-sensitive');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('holds no generated tree');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('writes markdown fit for a pull-request comment and JSON for tools', async () => {
    const { changes } = await changesFor((c) => ((slo(c).objective = 99.8), (c.services[0]!.alerts![0] = { name: 'HighErrorRate', severity: 'critical', summary: 'e', expr: 'up == 0' })));
    const markdown = formatReport({ notes: [], changes }, 'markdown');
    expect(markdown).toContain('| 🔻 less sensitive | `checkout/availability ErrorBudgetBurn 1h/5m` | pages later: fires at 2.88% errors instead of 1.44% (14.4x the budget, was 14.4x) |');
    expect(markdown).toContain('<details><summary>Changed expressions</summary>');
    const json = JSON.parse(formatReport({ notes: [], changes }, 'json')) as { lessSensitive: number; changes: Change[] };
    expect(json.lessSensitive).toBe(changes.filter((c) => c.sensitivity === 'less').length);
  });

  it('compares the tree committed at --base with a fresh generation, inside a git repository', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'sloforge-diff-git-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    await writeFile(join(repo, 'slo.json'), JSON.stringify(base()));
    expect(cli(repo, 'generate', '--config', 'slo.json').code).toBe(0);
    git('add', '-A');
    git('commit', '-qm', 'baseline');
    const loosened = base();
    slo(loosened).objective = 99;
    await writeFile(join(repo, 'slo.json'), JSON.stringify(loosened));
    const run = cli(repo, 'diff', '--config', 'slo.json', '--base', 'HEAD', '--format', 'json', '--fail-on', 'less-sensitive');
    expect(run.stderr).toMatch(/^--fail-on less-sensitive: 4 changes make alerting less sensitive:\n/);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { changes: Change[] };
    expect(report.changes.find((c) => c.kind === 'slo')?.summary).toMatch(/^objective loosened: 99% over 30d/);
  });
});
