/**
 * Text that could break out of where it lands — quotes and backslashes in PromQL
 * strings, newlines and colons in YAML, `{{ }}` in alert templates — arrives in the
 * generated files as the same text, and secrets arrive only as the files that hold them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateConfig } from '../../src/config/validate.ts';
import { render } from '../../src/render.ts';
import { emit } from '../../src/output/emit.ts';
import type { SloforgeConfig } from '../../src/config/types.ts';
import { snapshot } from '../support/snapshot.ts';
import { promtool, run, testRules } from '../support/promtool.ts';

/** Every character that means something to PromQL, YAML or Go templates, and some that are not ASCII. */
const LABEL_TEXT = `quote " apostrophe ' backslash \\ newline \n colon: hash # brace } { dollar $value 日本 🔥`;
/** Label values may not hold "{{" or "}}" (the validator refuses them); descriptions may. */
const DESCRIPTION = `Checkouts that {{ complete }} — ${LABEL_TEXT} }}`;
const SECRET = 'CANARY-0d1f6-do-not-leak';

function config(secretFile: string): SloforgeConfig {
  const tenant = JSON.stringify(LABEL_TEXT); // a PromQL string literal: Go's escapes include JSON's
  return {
    alerting: { tiers: { fastTicket: false, slowTicket: false } },
    alertmanager: {
      severities: { critical: { receiver: 'oncall' }, warning: { receiver: 'team' } },
      receivers: {
        oncall: { pagerduty: { routingKeyFile: secretFile }, slack: { apiUrlFile: secretFile, channel: '#shop' } },
        team: { email: { to: 'shop@example.com', from: 'am@example.com', smarthost: 'smtp.example.com:587', authUsername: 'am', authPasswordFile: secretFile } },
      },
      defaultReceiver: 'team',
    },
    services: [
      {
        name: 'shop',
        labels: { team: LABEL_TEXT },
        scrape: { targets: ['shop:8080'], basicAuth: { username: 'prometheus', passwordFile: secretFile } },
        slos: [
          {
            name: 'checkout',
            description: DESCRIPTION,
            objective: 99.9,
            labels: { component: LABEL_TEXT },
            sli: { ratio: { errors: `http_requests_total{job="shop",tenant=${tenant},code=~"5.."}`, total: `http_requests_total{job="shop",tenant=${tenant}}` } },
            alerting: { labels: { note: LABEL_TEXT }, tiers: { fastPage: { labels: { tier_note: LABEL_TEXT } } } },
          },
        ],
      },
    ],
  };
}

describe('hostile text in a config', () => {
  let dir: string;
  let secretFile: string;
  beforeAll(async () => {
    const root = await mkdtemp(join(tmpdir(), 'sloforge-injection-'));
    secretFile = join(root, 'secret');
    await writeFile(secretFile, SECRET);
    dir = join(root, 'generated');
    await emit(dir, render(validateConfig(config(secretFile), 'slo.config.ts')));
  });

  it('gives files promtool, vmalert and amtool accept', async () => {
    const rules = join(dir, 'prometheus/rules/shop.yml');
    for (const [what, check] of [
      ['promtool check rules', promtool(['check', 'rules', '--lint=all', '--lint-fatal', rules])],
      ['promtool check config', promtool(['check', 'config', join(dir, 'prometheus/prometheus.yml')])],
      ['vmalert -dryRun', run('vmalert', ['-dryRun', '-loggerLevel=ERROR', `-rule=${rules}`])],
      ['amtool check-config', run('amtool', ['check-config', join(dir, 'alertmanager/alertmanager.yml')])],
    ] as const) {
      const result = await check;
      expect(result.code, `${what}:\n${result.output}`).toBe(0);
    }
  });

  it('carries labels and the description through to the firing alerts as written, no template run', async () => {
    // The first-sample outage, with its alerts' annotations, runs every 5m.
    const files = ['prometheus/tests/shop.test.yml', 'prometheus/tests/shop.5m.test.yml'].map((file) => join(dir, file));
    type Suite = { tests: { alert_rule_test?: { exp_alerts: { exp_labels: Record<string, string>; exp_annotations?: Record<string, string> }[] }[] }[] };
    const suites = await Promise.all(files.map(async (file) => parse(await readFile(file, 'utf8')) as Suite));
    const alerts = suites.flatMap((suite) => suite.tests).flatMap((t) => t.alert_rule_test ?? []).flatMap((t) => t.exp_alerts);
    // The generated tests expect the text exactly; promtool compares it with what the real rules render.
    const fastPage = alerts.find((a) => a.exp_labels.tier_note !== undefined);
    expect(fastPage?.exp_labels).toMatchObject({ team: LABEL_TEXT, component: LABEL_TEXT, note: LABEL_TEXT, tier_note: LABEL_TEXT });
    expect(fastPage?.exp_annotations?.description).toContain(DESCRIPTION);
    for (const file of files) {
      const result = await testRules(file);
      expect(result.code, result.output).toBe(0);
    }
  });

  it('names each secret by its file and never writes its content', async () => {
    const files = await snapshot(dir);
    for (const [path, content] of Object.entries(files)) expect(content, path).not.toContain(SECRET);
    const alertmanager = files['alertmanager/alertmanager.yml']!;
    for (const field of ['routing_key_file', 'api_url_file', 'auth_password_file']) expect(alertmanager).toContain(`${field}: ${secretFile}`);
    expect(files['prometheus/prometheus.yml']).toContain(`password_file: ${secretFile}`);
  });
});
