/**
 * `sloforge diff --base` in real git repositories: the pull request that introduces
 * sloforge has no generated/ at its base, and the example workflow must pass on it.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { Change } from '../../src/diff/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/sloforge.js');

const CONFIG = `export default {
  services: [{
    name: 'checkout',
    slos: [{ name: 'availability', objective: 99.9, sli: { ratio: { errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' } } }],
  }],
};
`;

function cli(cwd: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A repository on branch main whose commits hold `slo.config.ts` and nothing generated. */
async function repoWithoutGenerated(): Promise<{ repo: string; git: (...args: string[]) => string }> {
  const repo = await mkdtemp(join(tmpdir(), 'sloforge-diff-base-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'test');
  await writeFile(join(repo, 'slo.config.ts'), CONFIG);
  git('add', '-A');
  git('commit', '-qm', 'the config, before sloforge generates anything');
  return { repo, git };
}

describe('sloforge diff --base when the base has no generated tree', () => {
  it('calls everything new, says why, and passes --fail-on less-sensitive', async () => {
    const { repo } = await repoWithoutGenerated();
    expect(cli(repo, 'generate').code).toBe(0);
    const run = cli(repo, 'diff', '--base', 'HEAD', '--format', 'json', '--fail-on', 'less-sensitive');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { notes: string[]; lessSensitive: number; changes: Change[] };
    expect(report.notes).toEqual(['HEAD has no generated/: this change introduces it, so everything in it is new.']);
    expect(report.lessSensitive).toBe(0);
    expect(report.changes.find((c) => c.kind === 'slo')).toMatchObject({ subject: 'checkout/availability', sensitivity: 'more' });
    expect(cli(repo, 'diff', '--base', 'HEAD').stdout.split('\n')[0]).toBe('HEAD has no generated/: this change introduces it, so everything in it is new.');
  });

  it('treats the unborn HEAD of a repository without commits the same way', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'sloforge-diff-unborn-'));
    execFileSync('git', ['init', '-q'], { cwd: repo });
    await writeFile(join(repo, 'slo.config.ts'), CONFIG);
    const run = cli(repo, 'diff', '--fail-on', 'less-sensitive');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^HEAD has no generated\/: this change introduces it/);
  });

  it('refuses a base that is not a commit rather than calling everything new', async () => {
    const { repo } = await repoWithoutGenerated();
    const run = cli(repo, 'diff', '--base', 'origin/main', '--fail-on', 'less-sensitive');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`sloforge: --base origin/main is not a commit of ${await realRepo(repo)} (in CI, fetch it: actions/checkout with fetch-depth: 0)\n`);
  });

  it('outside a git repository says to compare directories instead', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sloforge-diff-nogit-'));
    await writeFile(join(dir, 'slo.config.ts'), CONFIG);
    const run = cli(dir, 'diff');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('sloforge: generated is not inside a git repository: compare two directories with --old DIR --new DIR\n');
  });

  it('the example GitHub workflow\'s sloforge steps pass on the pull request that introduces sloforge', async () => {
    const { repo, git } = await repoWithoutGenerated();
    const origin = await mkdtemp(join(tmpdir(), 'sloforge-diff-origin-'));
    execFileSync('git', ['init', '-q', '--bare', origin]);
    git('remote', 'add', 'origin', origin);
    git('push', '-q', 'origin', 'main');
    git('checkout', '-q', '-b', 'introduce-sloforge');
    expect(cli(repo, 'generate').code).toBe(0);
    git('add', '-A');
    git('commit', '-qm', 'generated/');
    git('fetch', '-q', 'origin');

    const workflow = parse(await readFile(join(ROOT, 'examples/github-actions-slo.yml'), 'utf8')) as { jobs: { slo: { steps: { name?: string; run?: string }[] } } };
    const steps = workflow.jobs.slo.steps.filter((step) => step.run?.includes('npx sloforge'));
    expect(steps.map((s) => s.name)).toEqual(['generated/ matches slo.config.ts', 'What changes for alerting', 'Less sensitive alerting needs an explicit approval']);
    for (const step of steps) {
      const script = step.run!.replaceAll('${{ github.base_ref }}', 'main').replaceAll('npx sloforge', `"${process.execPath}" "${BIN}"`);
      expect(script, step.name).not.toContain('${{');
      const run = spawnSync('sh', ['-ec', script], { cwd: repo, encoding: 'utf8' });
      expect({ step: step.name, code: run.status, stderr: run.stderr }).toEqual({ step: step.name, code: 0, stderr: '' });
    }
    const comment = await readFile(join(repo, 'slo-diff.md'), 'utf8');
    expect(comment).toContain('> origin/main has no generated/: this change introduces it, so everything in it is new.');
    expect(comment).toContain('| 🔺 more sensitive | `checkout/availability` | new SLO: 99.9% over 30d');
  });
});

async function realRepo(repo: string): Promise<string> {
  return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: repo, encoding: 'utf8' }).trim();
}
