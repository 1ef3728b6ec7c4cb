/**
 * `sloforge drill` against a real Alertmanager running the example's generated config
 * (its receivers webhooks on this machine): every severity reaches its receiver, a config
 * that expects another receiver fails, the drill alerts end resolved, an Alertmanager
 * that does not answer is a clear exit 1. The generated inhibitions hold there too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exampleConfig from '../../slo.config.ts';
import type { SloforgeConfig } from '../../src/config/types.ts';
import { validateConfig } from '../../src/config/validate.ts';
import { render } from '../../src/render.ts';
import { emit } from '../../src/output/emit.ts';
import { freePort, stopServer } from '../../src/stack/servers.ts';
import { main } from '../../src/cli/main.ts';
import { localConfig } from '../e2e/local-config.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { startGeneratedAlertmanager } from '../support/generated-alertmanager.ts';

let work: string;
let hooks: WebhookReceiver<{ alerts: { labels: Record<string, string> }[] }>;
let alertmanager: ChildProcess;
let alertmanagerUrl: string;
let config: SloforgeConfig;

async function sloforge(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { write: (s: string) => ((stdout += s), true) }, { write: (s: string) => ((stderr += s), true) });
  return { code, stdout, stderr };
}

async function configFile(name: string, content: SloforgeConfig): Promise<string> {
  const file = join(work, name);
  await writeFile(file, JSON.stringify(content, null, 2));
  return file;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sloforge-drill-'));
  hooks = await startWebhookReceiver();
  const alertmanagerPort = await freePort();
  config = localConfig(exampleConfig, { app: '127.0.0.1:1', prober: '127.0.0.1:1', alertmanager: `127.0.0.1:${alertmanagerPort}`, webhook: hooks.url });
  await emit(join(work, 'generated'), render(validateConfig(config, 'slo.json')));
  ({ child: alertmanager, url: alertmanagerUrl } = await startGeneratedAlertmanager(join(work, 'generated'), join(work, 'data'), alertmanagerPort));
}, 60_000);

afterAll(async () => {
  if (alertmanager) await stopServer(alertmanager);
  await hooks?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function activeAlerts(filter: string): Promise<{ labels: Record<string, string>; status: { state: string; inhibitedBy: string[] } }[]> {
  const response = await fetch(`${alertmanagerUrl}/api/v2/alerts?filter=${encodeURIComponent(filter)}`);
  return (await response.json()) as { labels: Record<string, string>; status: { state: string; inhibitedBy: string[] } }[];
}

describe('sloforge drill on a real Alertmanager', () => {
  it('sends a drill alert per severity, reports the receiver each reached, and resolves them all: exit 0', async () => {
    // The default route's group_wait is Alertmanager's 30s; the test's severity routes wait 1s.
    const run = await sloforge('drill', '--alertmanager', alertmanagerUrl, '--hold', '3s', '--config', await configFile('slo.json', config));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        `drill against ${alertmanagerUrl}: 5 alerts sent, held 3s for the notifications, then resolved`,
        'ok    a critical alert of fraiseql reaches pagerduty-all: reached pagerduty-all',
        'ok    a high alert of fraiseql reaches pagerduty-primary: reached pagerduty-primary',
        'ok    a medium alert of fraiseql reaches slack-ops: reached slack-ops',
        'ok    a low alert of fraiseql reaches tickets: reached tickets',
        'ok    an alert of no known severity reaches the default receiver slack-ops: reached slack-ops',
        'every route reaches its receiver',
        '',
      ].join('\n'),
    );
    expect(await activeAlerts('alertname="SloforgeDrill"')).toEqual([]);
    // Delivered for real: the critical drill alert arrived at its receiver's webhook.
    await expect.poll(() => hooks.received.filter((d) => d.path === '/hook/pagerduty-all' && d.body.alerts.some((a) => a.labels.alertname === 'SloforgeDrill')).length, { timeout: 15_000 }).toBeGreaterThan(0);
  }, 60_000);

  it('exits 1 and names the route when a severity reaches another receiver than the config says', async () => {
    const am = config.alertmanager!;
    const expectsTickets = { ...config, alertmanager: { ...am, severities: { ...am.severities, critical: { ...am.severities.critical!, receiver: 'tickets' } } } };
    const run = await sloforge('drill', '--alertmanager', alertmanagerUrl, '--severity', 'critical', '--config', await configFile('other.json', expectsTickets));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL  a critical alert of fraiseql reaches tickets: went to pagerduty-all\n1 of 1 routes are wrong');
    expect(await activeAlerts('alertname="SloforgeDrill"')).toEqual([]);
  }, 60_000);

  it('drills one severity of one service with --severity and --service', async () => {
    const run = await sloforge('drill', '--alertmanager', alertmanagerUrl, '--severity', 'high', '--service', 'fraiseql', '--config', await configFile('slo.json', config));
    expect(run.code).toBe(0);
    // Held for the high route's group_wait (1s here) and the 2s margin.
    expect(run.stdout).toContain(': 1 alert sent, held 3s for the notifications, then resolved');
    expect(run.stdout.split('\n').filter((l) => l.startsWith('ok') || l.startsWith('FAIL'))).toEqual(['ok    a high alert of fraiseql reaches pagerduty-primary: reached pagerduty-primary']);
  }, 60_000);

  it('refuses a severity the config does not declare: exit 2', async () => {
    const run = await sloforge('drill', '--alertmanager', alertmanagerUrl, '--severity', 'urgent', '--config', await configFile('slo.json', config));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('sloforge drill: --severity "urgent" is not one of alertmanager.severities (critical, high, medium, low)\n');
  });

  it('says so and exits 1 when nothing answers at the URL', async () => {
    const port = await freePort();
    const run = await sloforge('drill', '--alertmanager', `http://127.0.0.1:${port}`, '--config', await configFile('slo.json', config));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`sloforge drill: cannot reach http://127.0.0.1:${port}/api/v2/alerts: connection refused: nothing listens there\nThe drill did not finish: no route was proven.\n`);
  });

  it('the generated inhibitions hold: a firing critical tier suppresses the less urgent tiers of its SLO only, and ServiceDown the SLO alerts of its service', async () => {
    const at = new Date().toISOString();
    const alert = (labels: Record<string, string>) => ({ labels: { service: 'fraiseql', inhibition_test: 'yes', ...labels }, annotations: { summary: 'inhibition test' }, startsAt: at });
    const alerts = [
      alert({ alertname: 'ErrorBudgetBurn', slo: 'availability', severity: 'critical' }),
      alert({ alertname: 'ErrorBudgetBurn', slo: 'availability', severity: 'low' }),
      alert({ alertname: 'ErrorBudgetBurn', slo: 'query-errors', severity: 'low' }),
    ];
    const post = (body: unknown) => fetch(`${alertmanagerUrl}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await post(alerts);
    const states = async () => Object.fromEntries((await activeAlerts('inhibition_test="yes"')).map((a) => [`${a.labels.alertname}/${a.labels.slo ?? ''}/${a.labels.severity}`, a.status.state]));
    await expect.poll(states, { timeout: 15_000 }).toEqual({ 'ErrorBudgetBurn/availability/critical': 'active', 'ErrorBudgetBurn/availability/low': 'suppressed', 'ErrorBudgetBurn/query-errors/low': 'active' });
    await post([alert({ alertname: 'ServiceDown', severity: 'critical' })]);
    await expect.poll(states, { timeout: 15_000 }).toEqual({
      'ErrorBudgetBurn/availability/critical': 'suppressed',
      'ErrorBudgetBurn/availability/low': 'suppressed',
      'ErrorBudgetBurn/query-errors/low': 'suppressed',
      'ServiceDown//critical': 'active',
    });
  }, 60_000);
});
