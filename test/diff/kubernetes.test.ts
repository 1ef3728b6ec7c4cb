import { describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../src/config/validate.ts';
import type { SloforgeConfig } from '../../src/config/types.ts';
import { render } from '../../src/render.ts';
import { emit } from '../../src/output/emit.ts';
import { diffDirectories, type Change } from '../../src/diff/index.ts';

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
type Config = Mutable<SloforgeConfig>;

const base = (): Config => ({
  services: [
    {
      name: 'checkout',
      scrape: { targets: ['checkout-1:8080'] },
      probes: { prober: 'blackbox:9115', endpoints: [{ name: 'health', url: 'http://checkout/health' }] },
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
    receivers: {
      pager: { pagerduty: { routingKeyFile: '/run/pd', routingKeySecret: { name: 'alerting', key: 'pd' } } },
      chat: { webhook: { url: 'http://chat.example/hook' } },
      audit: { webhook: { url: 'http://audit.example/hook' } },
    },
    defaultReceiver: 'chat',
  },
  kubernetes: { namespace: 'monitoring', labels: { release: 'prom' } },
});

async function tree(config: Config): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'sloforge-k8s-diff-')), 'generated');
  await emit(dir, render(validateConfig(config, 'slo.config.ts')));
  return dir;
}

const summaries = (changes: Change[]) => changes.map((c) => `${c.sensitivity}: ${c.kind}: ${c.subject}: ${c.summary}`);

/** A copy of `dir` with `file` edited by hand. */
async function edited(dir: string, file: string, from: string, to: string): Promise<string> {
  const copy = join(await mkdtemp(join(tmpdir(), 'sloforge-k8s-edit-')), 'generated');
  await cp(dir, copy, { recursive: true });
  const text = await readFile(join(copy, file), 'utf8');
  expect(text).toContain(from);
  await writeFile(join(copy, file), text.replace(from, to));
  return copy;
}

describe('sloforge diff reads the Kubernetes tree as it reads the plain one', () => {
  it('the manifests alone classify every kind of change as the plain files do', async () => {
    const after = base();
    after.services[0]!.slos[0]!.objective = 99.95;
    after.services[0]!.scrape!.targets = ['checkout-1:8080', 'checkout-2:8080'];
    (after.services[0]!.alerts![0] as { errorRate: { above: number } }).errorRate.above = 0.01;
    delete after.alertmanager!.receivers.audit;
    after.alertmanager!.severities.critical!.receiver = 'chat';
    const [oldDir, newDir] = [await tree(base()), await tree(after)];
    const plain = await diffDirectories(oldDir, newDir);
    expect(summaries(plain).length).toBeGreaterThanOrEqual(5);
    for (const kind of ['slo', 'tier', 'alert', 'scrape', 'routing'] as const) expect(plain.some((c) => c.kind === kind), kind).toBe(true);
    expect(await diffDirectories(join(oldDir, 'kubernetes'), join(newDir, 'kubernetes'))).toEqual(plain);
  });

  it('a tree whose plain and Kubernetes files agree reports each change once', async () => {
    const after = base();
    after.services[0]!.slos[0]!.objective = 99.95;
    const changes = await diffDirectories(await tree(base()), await tree(after));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.filter((c) => c.summary.includes('Kubernetes'))).toEqual([]);
  });

  it('a change only in the manifests gets the classification the same change in the rule file gets', async () => {
    const oldDir = await tree(base());
    const burn = '/ (1 - 0.999) > 14.4';
    const inPlain = await diffDirectories(oldDir, await edited(oldDir, 'prometheus/rules/checkout.yml', burn, '/ (1 - 0.999) > 20'));
    const inManifests = await diffDirectories(oldDir, await edited(oldDir, 'kubernetes/prometheus-rules/checkout.yaml', burn, '/ (1 - 0.999) > 20'));
    expect(inPlain.length).toBe(1);
    expect(inPlain[0]!.sensitivity).toBe('less');
    expect(inManifests).toEqual(inPlain.map((change) => ({ ...change, summary: `${change.summary} (in the Kubernetes manifests only)` })));
  });

  it('reports nothing for identical trees, manifests included', async () => {
    const dir = await tree(base());
    expect(await diffDirectories(dir, dir)).toEqual([]);
    expect(await diffDirectories(join(dir, 'kubernetes'), join(dir, 'kubernetes'))).toEqual([]);
  });
});
