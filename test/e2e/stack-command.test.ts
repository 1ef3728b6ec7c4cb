/**
 * `sloforge stack` as users start it, through `npm run stack` and `npx sloforge stack`:
 * it generates the --config it is given, starts every server on it, warns about what
 * the live check finds once Prometheus has scraped, and a SIGTERM to the npm process, or
 * a Ctrl-C, stops every server it started and frees their ports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { freePort } from '../../src/stack/servers.ts';
import { ensureTools } from '../support/tools.ts';
import { startFakeShop, type FakeShop } from '../check/fake-shop.ts';
import { eventually } from '../support/eventually.ts';

const REPO = resolve(import.meta.dirname, '../..');

let work: string;
let shop: FakeShop;

beforeAll(async () => {
  ensureTools(['prometheus', 'prometheus-alertmanager', 'prometheus-blackbox-exporter']);
  work = await mkdtemp(join(tmpdir(), 'sloforge-stack-command-'));
  shop = await startFakeShop();
});

afterAll(async () => {
  await shop?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

interface Ports {
  readonly prometheus: number;
  readonly alertmanager: number;
  readonly blackbox: number;
}

async function ports(): Promise<Ports> {
  return { prometheus: await freePort(), alertmanager: await freePort(), blackbox: await freePort() };
}

/** A config with every server, on the given ports, scraping the fake shop every second; its latency threshold is no bucket. */
function stackConfig(at: Ports) {
  return {
    prometheus: { scrapeInterval: '1s', scrapeTimeout: '1s', evaluationInterval: '1s', alertmanagers: [`127.0.0.1:${at.alertmanager}`] },
    alertmanager: {
      severities: { critical: { receiver: 'hook' }, warning: { receiver: 'hook' } },
      receivers: { hook: { webhook: { url: 'http://127.0.0.1:9/hook' } } },
      defaultReceiver: 'hook',
    },
    services: [
      {
        name: 'shop',
        scrape: { targets: [shop.address], interval: '1s', timeout: '1s' },
        probes: { prober: `127.0.0.1:${at.blackbox}`, interval: '1s', endpoints: [{ name: 'metrics', url: `http://${shop.address}/metrics` }] },
        slos: [
          { name: 'errors', objective: 99, sli: { ratio: { errors: 'shop_requests_total{job="shop",code="500"}', total: 'shop_requests_total{job="shop"}' } } },
          { name: 'latency', objective: 99, sli: { latency: { histogram: 'shop_request_duration_seconds{job="shop"}', threshold: '250ms' } } },
        ],
      },
    ],
  };
}

interface Running {
  readonly child: ChildProcess;
  output(): string;
  exited: Promise<void>;
}

function launch(command: string, args: string[], cwd: string): Running {
  // Its own process group, as a terminal gives the command a user types.
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' }, detached: true });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return { child, output: () => output, exited };
}

/** Every process below `pid`, with its command name, read from /proc. */
function descendants(pid: number): Map<number, string> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found = new Map<number, string>();
  const visit = (parent: number) => {
    for (const [child, of] of parents) {
      if (of !== parent || found.has(child)) continue;
      try {
        found.set(child, readFileSync(`/proc/${child}/comm`, 'utf8').trim());
      } catch {
        continue;
      }
      visit(child);
    }
  };
  visit(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

/**
 * A stop as users give it: `kill` sends SIGTERM to the npm process alone; Ctrl-C sends
 * SIGINT to the terminal's foreground process group, npm and everything below it.
 */
type Stop = { readonly signal: 'SIGTERM'; readonly to: 'npm' } | { readonly signal: 'SIGINT'; readonly to: 'process group' };

/** Starts the stack, waits for its check, stops it; returns what it printed. */
async function runAndStop(command: string, args: string[], cwd: string, at: Ports, stop: Stop): Promise<string> {
  const run = launch(command, args, cwd);
  // What it started, recorded before the stop: once npm is gone, orphans are no longer below it.
  let servers = new Map<number, string>();
  try {
    await eventually(() => expect(run.output()).toContain('sloforge check against the first scrapes'), 90, 250);
    await eventually(() => expect(run.output()).toMatch(/series of the last 1h: \d+ problems?\n(.*\n)*$/), 10, 250);
    servers = descendants(run.child.pid!);
    expect([...servers.values()].filter((name) => name.startsWith('prometheus')).sort()).toEqual(['prometheus', 'prometheus-aler', 'prometheus-blac']);
    process.kill(stop.to === 'npm' ? run.child.pid! : -run.child.pid!, stop.signal);
    await Promise.race([run.exited, new Promise((_, fail) => setTimeout(() => fail(new Error(`${command} did not exit within 30s of ${stop.signal}:\n${run.output()}`)), 30_000))]);
    await eventually(() => expect([...servers].filter(([pid]) => alive(pid)).map(([pid, name]) => `${pid} ${name}`)).toEqual([]), 20, 250);
    for (const port of Object.values(at)) expect(await portIsFree(port), `port ${port}`).toBe(true);
    await eventually(() => expect(run.output()).toContain('Stopped every server the stack started.\n'), 5, 250);
    return run.output();
  } finally {
    for (const pid of new Set([...servers.keys(), ...descendants(run.child.pid!).keys()])) if (alive(pid)) process.kill(pid, 'SIGKILL');
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
  }
}

describe('sloforge stack', () => {
  it('through `npm run stack`: generates --config into --out, warns what the check finds, and SIGTERM to npm stops every server', async () => {
    const at = await ports();
    const config = join(work, 'npm-run.json');
    await writeFile(config, JSON.stringify(stackConfig(at)));
    const out = join(work, 'npm-run-generated');
    const output = await runAndStop('npm', ['run', 'stack', '--', '--config', config, '--out', out, '--prometheus-port', String(at.prometheus)], REPO, at, { signal: 'SIGTERM', to: 'npm' });
    expect(readFileSync(join(out, 'prometheus/prometheus.yml'), 'utf8')).toContain(`- 127.0.0.1:${at.alertmanager}`);
    expect(output).toContain(`Prometheus is up at http://127.0.0.1:${at.prometheus}`);
    expect(output).toContain(`Alertmanager is up at http://127.0.0.1:${at.alertmanager}`);
    expect(output).toContain(`blackbox exporter is up at http://127.0.0.1:${at.blackbox}`);
    expect(output).toContain('  warning: services[shop].slos[latency].sli.latency.threshold: 0.25s is not a bucket of shop_request_duration_seconds: its le values are 0.1, 0.5, +Inf\n    fix: set the threshold to a bucket boundary (0.1 or 0.5)');
    expect(output).not.toContain('sli.ratio');
  }, 150_000);

  it('through `npx sloforge stack` in a project that depends on sloforge: Ctrl-C (SIGINT to its process group) stops every server', async () => {
    const project = join(work, 'project');
    await mkdir(join(project, 'node_modules/.bin'), { recursive: true });
    await symlink(REPO, join(project, 'node_modules/sloforge'));
    await symlink('../sloforge/bin/sloforge.js', join(project, 'node_modules/.bin/sloforge'));
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'project', version: '1.0.0', private: true }));
    const at = await ports();
    await writeFile(join(project, 'slo.config.json'), JSON.stringify(stackConfig(at)));
    await runAndStop('npx', ['--no', 'sloforge', 'stack', '--config', 'slo.config.json', '--prometheus-port', String(at.prometheus)], project, at, { signal: 'SIGINT', to: 'process group' });
    expect(existsSync(join(project, 'generated/prometheus/prometheus.yml'))).toBe(true);
  }, 150_000);

  it('refuses an invalid --config before starting anything: exit 1, the problem at its path, nothing written', async () => {
    const at = await ports();
    const config = join(work, 'invalid.json');
    const invalid = stackConfig(at);
    await writeFile(config, JSON.stringify({ ...invalid, services: [{ ...invalid.services[0], slos: [{ name: 'x', objective: 99, sli: { latency: { histogram: 'h{', threshold: 1 } } }] }] }));
    let stderr = '';
    const out = join(work, 'invalid-generated');
    const code = await main(['stack', '--config', config, '--out', out, '--prometheus-port', String(at.prometheus)], { write: () => true }, { write: (s: string) => ((stderr += s), true) });
    expect(code).toBe(1);
    expect(stderr).toMatch(/services\[shop\]\.slos\[x\]\.sli\.latency\.histogram: invalid PromQL/);
    expect(stderr).toContain('Nothing was written.');
    expect(existsSync(out)).toBe(false);
    expect(await portIsFree(at.prometheus)).toBe(true);
  });
});
