/**
 * The guide's incident messages (Part 3) through a real Alertmanager: the example's
 * generated alertmanager.yml and templates, its Slack receivers pointed (by their
 * api_url file) at a local Slack stand-in, get a firing and then a resolved alert of the
 * generated ErrorBudgetBurn rule and deliver the Incident Declaration and the Resolution.
 * amtool checks the config with its templates and renders them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import exampleConfig from '../../slo.config.ts';
import type { ReceiverConfig, SloforgeConfig } from '../../src/config/types.ts';
import { validateConfig } from '../../src/config/validate.ts';
import { render } from '../../src/render.ts';
import { emit } from '../../src/output/emit.ts';
import { stopServer } from '../../src/stack/servers.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { startGeneratedAlertmanager } from '../support/generated-alertmanager.ts';
import { run } from '../support/promtool.ts';
import { eventually } from '../support/eventually.ts';

interface SlackMessage {
  readonly channel: string;
  readonly attachments: { title: string; title_link: string; text: string }[];
}

let work: string;
let slack: WebhookReceiver<SlackMessage>;
let alertmanager: ChildProcess;
let alertmanagerUrl: string;

/** The example with its Slack receivers only, so nothing leaves the machine, and Alertmanager's waits in seconds. */
function localSlackConfig(apiUrlFile: string): SloforgeConfig {
  const am = exampleConfig.alertmanager!;
  const slackOnly = (receiver: ReceiverConfig): ReceiverConfig => (receiver.slack ? { slack: { ...receiver.slack, apiUrlFile } } : { webhook: { url: 'http://127.0.0.1:9/unused' } });
  return {
    ...exampleConfig,
    alertmanager: {
      ...am,
      severities: Object.fromEntries(Object.entries(am.severities).map(([name, level]) => [name, { ...level, groupWait: '1s', groupInterval: '1s', repeatInterval: '1h' }])),
      receivers: Object.fromEntries(Object.entries(am.receivers).map(([name, receiver]) => [name, slackOnly(receiver)])),
    },
  };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sloforge-notify-'));
  slack = await startWebhookReceiver();
  const apiUrlFile = join(work, 'slack-webhook');
  await writeFile(apiUrlFile, `${slack.url}/services/T000/B000/XXXX`);
  await emit(join(work, 'generated'), render(validateConfig(localSlackConfig(apiUrlFile), 'slo.config.ts')));
  ({ child: alertmanager, url: alertmanagerUrl } = await startGeneratedAlertmanager(join(work, 'generated'), join(work, 'data')));
}, 60_000);

afterAll(async () => {
  if (alertmanager) await stopServer(alertmanager);
  await slack?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** The critical tier of the availability SLO, as the generated rule labels it, with its annotations as Prometheus renders them. */
async function criticalBurnAlert(): Promise<{ labels: Record<string, string>; annotations: Record<string, string> }> {
  const rules = parse(await readFile(join(work, 'generated/prometheus/rules/fraiseql.yml'), 'utf8')) as { groups: { rules: { alert?: string; labels?: Record<string, string>; annotations?: Record<string, string> }[] }[] };
  const rule = rules.groups.flatMap((g) => g.rules).find((r) => r.alert === 'ErrorBudgetBurn' && r.labels?.slo === 'availability' && r.labels.severity === 'critical')!;
  // What the templates read must be on the generated alert.
  expect(Object.keys(rule.annotations!)).toEqual(expect.arrayContaining(['summary', 'burn_rate', 'budget_left', 'response_target', 'runbook_url']));
  expect(rule.annotations!.burn_rate).toBe('{{ printf "%.2f" $value }}');
  return {
    labels: { alertname: 'ErrorBudgetBurn', service: 'fraiseql', slo: 'availability', ...rule.labels! },
    annotations: { summary: rule.annotations!.summary!, burn_rate: '20.00', budget_left: '96.5%', response_target: rule.annotations!.response_target!, runbook_url: rule.annotations!.runbook_url! },
  };
}

async function post(alerts: unknown[]): Promise<void> {
  const response = await fetch(`${alertmanagerUrl}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
  expect(response.status, await response.text()).toBe(200);
}

describe('incident messages on a real Alertmanager', () => {
  it('amtool accepts the generated config with its templates', async () => {
    const check = await run('amtool', ['check-config', join(work, 'generated/alertmanager/alertmanager.yml')]);
    expect(check.code, check.output).toBe(0);
    expect(check.output).toContain('1 templates');
  });

  it('amtool renders the email subject and the PagerDuty description from the same templates', async () => {
    const alert = await criticalBurnAlert();
    const data = join(work, 'resolved.json');
    await writeFile(
      data,
      JSON.stringify({
        receiver: 'tickets',
        status: 'resolved',
        alerts: [{ status: 'resolved', ...alert, startsAt: '2026-01-15T09:30:00Z', endsAt: '2026-01-15T10:00:00Z' }],
        groupLabels: {},
        commonLabels: alert.labels,
        commonAnnotations: alert.annotations,
        externalURL: 'http://127.0.0.1:9093',
      }),
    );
    const glob = `--template.glob=${join(work, 'generated/alertmanager/templates/*.tmpl')}`;
    const subject = await run('amtool', ['template', 'render', glob, `--template.data=${data}`, '--template.text={{ template "sloforge.email.subject" . }}']);
    expect(subject.code, subject.output).toBe(0);
    expect(subject.output.trim()).toBe('[RESOLVED] INCIDENT RESOLVED: fraiseql/availability - 10:00:00 UTC');
    const amConfig = parse(await readFile(join(work, 'generated/alertmanager/alertmanager.yml'), 'utf8')) as { receivers: { name: string; slack_configs?: { title: string; text: string }[] }[] };
    expect(amConfig.receivers.find((r) => r.name === 'pagerduty-all')!.slack_configs![0]).toMatchObject({ title: '{{ template "sloforge.slack.title" . }}', text: '{{ template "sloforge.incident.text" . }}' });
  });

  it('a critical burn-rate alert arrives in Slack as the guide\'s Incident Declaration, then as its Resolution', async () => {
    const alert = await criticalBurnAlert();
    await post([{ ...alert, startsAt: '2026-01-15T09:30:00Z' }]);
    const declared = await eventually(() => {
      expect(slack.received).toHaveLength(1);
      return slack.received[0]!;
    }, 30, 200);
    expect(declared.path).toBe('/services/T000/B000/XXXX');
    expect(declared.body.channel).toBe('#fraiseql-incidents');
    expect(declared.body.attachments[0]!.title).toBe(':warning: INCIDENT DECLARED: fraiseql/availability');
    expect(declared.body.attachments[0]!.title_link).toBe('https://grafana.fraiseql.example/d/slo-fraiseql');
    expect(declared.body.attachments[0]!.text).toBe(
      [
        'Severity: CRITICAL (acknowledge within 2 minutes; page all on-call staff)',
        'Service: fraiseql',
        'SLO: availability',
        'Alert: ErrorBudgetBurn',
        'Detected: 2026-01-15 09:30:00 UTC',
        'Impact:',
        '  - fraiseql/availability is burning its error budget 14.4x too fast; burn rate 20.00x; error budget left 96.5%',
        'Current Status: Investigating (1 firing)',
        'Dashboard: https://grafana.fraiseql.example/d/slo-fraiseql',
        'Next Update: in 1s if anything changes, otherwise every 1h while it fires',
        'Assigned To: on-call of pagerduty-all',
        'Runbook: https://runbooks.fraiseql.example/operations/service-restart',
      ].join('\n'),
    );

    await post([{ ...alert, startsAt: '2026-01-15T09:30:00Z', endsAt: '2026-01-15T09:42:30Z' }]);
    const resolved = await eventually(() => {
      expect(slack.received).toHaveLength(2);
      return slack.received[1]!;
    }, 30, 200);
    expect(resolved.body.channel).toBe('#fraiseql-incidents');
    expect(resolved.body.attachments[0]!.title).toBe(':white_check_mark: INCIDENT RESOLVED: fraiseql/availability - 09:42:30 UTC');
    expect(resolved.body.attachments[0]!.text).toBe(
      [
        'Duration: 12m30s (from 2026-01-15 09:30:00 to 2026-01-15 09:42:30 UTC)',
        'Severity: CRITICAL',
        'Service: fraiseql',
        'SLO: availability',
        'Alert: ErrorBudgetBurn',
        'Impact:',
        '  - fraiseql/availability is burning its error budget 14.4x too fast; error budget left 96.5%',
        'Root Cause: to be written up in the RCA meeting (within 24 hours)',
        'Dashboard: https://grafana.fraiseql.example/d/slo-fraiseql',
        'Questions? Ask the on-call of pagerduty-all',
        'Runbook: https://runbooks.fraiseql.example/operations/service-restart',
      ].join('\n'),
    );
  }, 60_000);
});
