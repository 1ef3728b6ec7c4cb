/**
 * The notification templates beside alertmanager.yml: a receiver's own `messages`
 * replace the generated title and text in each of its integrations, a config without
 * `grafana.url` gets messages without a dashboard line, and amtool accepts and renders both.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { SloforgeConfig } from '../../src/config/types.ts';
import { validateConfig } from '../../src/config/validate.ts';
import { render } from '../../src/render.ts';
import { emit } from '../../src/output/emit.ts';
import { run } from '../support/promtool.ts';

const OWN_TITLE = '{{ .CommonLabels.alertname }} is {{ .Status }}';

const config = (grafanaUrl: string | undefined): SloforgeConfig => ({
  ...(grafanaUrl ? { grafana: { url: grafanaUrl } } : {}),
  services: [{ name: 'api', slos: [{ name: 'availability', objective: 99.9, sli: { ratio: { errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' } } }] }],
  alertmanager: {
    severities: { critical: { receiver: 'pager', responseTarget: 'within 5 minutes' }, warning: { receiver: 'chat' } },
    receivers: {
      pager: { pagerduty: { routingKeyFile: '/etc/am/pd' }, email: { to: 'ops@example.com', from: 'am@example.com', smarthost: 'smtp.example.com:587' } },
      chat: { slack: { apiUrlFile: '/etc/am/slack', channel: '#ops' }, messages: { title: OWN_TITLE } },
    },
    defaultReceiver: 'chat',
  },
});

async function generated(grafanaUrl: string | undefined): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sloforge-templates-'));
  await emit(dir, render(validateConfig(config(grafanaUrl), 'slo.json')));
  return dir;
}

interface Receivers {
  receivers: { name: string; slack_configs?: Record<string, string>[]; pagerduty_configs?: Record<string, unknown>[]; email_configs?: Record<string, unknown>[] }[];
}

describe('notification templates', () => {
  it("a receiver's messages.title replaces the generated title, its text stays the incident text; the others use the generated ones; amtool accepts it", async () => {
    const dir = await generated('https://grafana.example.com/');
    try {
      const am = parse(await readFile(join(dir, 'alertmanager/alertmanager.yml'), 'utf8')) as Receivers & { templates: string[] };
      expect(am.templates).toEqual(['templates/*.tmpl']);
      const chat = am.receivers.find((r) => r.name === 'chat')!;
      expect(chat.slack_configs![0]).toMatchObject({ title: OWN_TITLE, text: '{{ template "sloforge.incident.text" . }}' });
      const pager = am.receivers.find((r) => r.name === 'pager')!;
      expect(pager.pagerduty_configs![0]).toMatchObject({ description: '{{ template "sloforge.incident.title" . }}', details: { incident: '{{ template "sloforge.incident.text" . }}' } });
      expect(pager.email_configs![0]).toMatchObject({ headers: { Subject: '{{ template "sloforge.email.subject" . }}' }, text: '{{ template "sloforge.incident.text" . }}', html: '{{ template "sloforge.email.html" . }}' });
      const check = await run('amtool', ['check-config', join(dir, 'alertmanager/alertmanager.yml')]);
      expect(check.code, check.output).toBe(0);
      // The trailing slash of grafana.url is not doubled.
      expect(await readFile(join(dir, 'alertmanager/templates/sloforge.tmpl'), 'utf8')).toContain('https://grafana.example.com/d/slo-{{ . }}');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('without grafana.url the declaration has no dashboard line, and an alert without a runbook no runbook line', async () => {
    const dir = await generated(undefined);
    try {
      const data = join(dir, 'data.json');
      const labels = { alertname: 'ErrorBudgetBurn', service: 'api', slo: 'availability', severity: 'warning' };
      await writeFile(
        data,
        JSON.stringify({ receiver: 'chat', status: 'firing', alerts: [{ status: 'firing', labels, annotations: { summary: 'api/availability is burning', burn_rate: '3.20' }, startsAt: '2026-03-01T08:00:00Z', endsAt: '0001-01-01T00:00:00Z' }], groupLabels: {}, commonLabels: labels, commonAnnotations: { summary: 'api/availability is burning' }, externalURL: 'http://am' }),
      );
      const rendered = await run('amtool', ['template', 'render', `--template.glob=${join(dir, 'alertmanager/templates/*.tmpl')}`, `--template.data=${data}`, '--template.text={{ template "sloforge.incident.text" . }}']);
      expect(rendered.code, rendered.output).toBe(0);
      expect(rendered.output.trimEnd()).toBe(
        [
          'Severity: WARNING',
          'Service: api',
          'SLO: availability',
          'Alert: ErrorBudgetBurn',
          'Detected: 2026-03-01 08:00:00 UTC',
          'Impact:',
          '  - api/availability is burning; burn rate 3.20x',
          'Current Status: Investigating (1 firing)',
          'Next Update: in 5m if anything changes, otherwise every 4h while it fires',
          'Assigned To: on-call of chat',
        ].join('\n'),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
