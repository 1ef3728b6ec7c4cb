import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { validateConfig } from '../../src/config/validate.ts';
import type { SloforgeConfig } from '../../src/config/types.ts';
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
      'more: checkout/availability ErrorBudgetBurn 12h/30m: new alert tier: critical, fires at 0.3% errors (3x) over 12h/30m, for 15m',
      'less: checkout/availability ErrorBudgetBurn 1h/5m: pages later: fires at 3.6% errors instead of 1.44% (36x the budget, was 14.4x)',
      'less: checkout/availability ErrorBudgetBurn 1h/5m: waits 10m before firing instead of 2m',
      'less: checkout/availability ErrorBudgetBurn 6h/30m: alert tier removed (was critical, fires at 0.6% errors (6x) over 6h/30m, for 15m)',
    ]);
  });

  it('a threshold alert: its number read from the PromQL syntax tree, and a changed expression shown side by side', async () => {
    const loosened = await changesFor((c) => ((c.services[0]!.alerts![0] as { errorRate: { above: number } }).errorRate.above = 0.01));
    expect(summaries(loosened.changes, 'alert')).toEqual(['less: checkout/HighErrorRate: fires later: when the value is > 0.01 instead of > 0.005']);
    const rewritten = await changesFor((c) => (c.services[0]!.alerts![0] = { name: 'HighErrorRate', severity: 'critical', for: '5m', summary: 'errors', expr: 'sum(rate(e_total[10m])) > 3' }));
    const change = rewritten.changes.find((c) => c.kind === 'alert')!;
    expect(change.summary).toBe('expression changed');
    expect(change.before).toBe('sum(rate(e_total[5m])) / sum(rate(t_total[5m])) > 0.005');
    expect(change.after).toBe('sum(rate(e_total[10m])) > 3');
  });

  it('a minimum request rate and a changed quantile are reported', async () => {
    const { changes } = await changesFor((c) => {
      slo(c).alerting = { tiers: { fastTicket: false, slowTicket: false, fastPage: { minRequestRate: 100 } } };
      c.services[0]!.alerts!.push({ name: 'Slow', severity: 'warning', summary: 's', latency: { histogram: 'h_seconds', quantile: 0.99, above: 1 } });
    });
    expect(summaries(changes, 'tier')).toEqual(['less: checkout/availability ErrorBudgetBurn 1h/5m: fires only above 100 events/s instead of any traffic']);
    const base = await changesFor((c) => c.services[0]!.alerts!.push({ name: 'Slow', severity: 'warning', summary: 's', latency: { histogram: 'h_seconds', quantile: 0.95, above: 1 } }));
    const quantile = await diffDirectories(base.newDir, (await changesFor((c) => c.services[0]!.alerts!.push({ name: 'Slow', severity: 'warning', summary: 's', latency: { histogram: 'h_seconds', quantile: 0.99, above: 1 } }))).newDir);
    expect(summaries(quantile)).toEqual(['neutral: checkout/Slow: measures differently: 0.99 instead of 0.95']);
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
      'less: checkout/availability/SLONoData: waits 1h before firing instead of 3m',
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
