/** Severity levels and receivers: every reference checked, every secret a file. */
import type { AlertmanagerConfig } from './types.ts';
import type { DiagnosticList } from './diagnostics.ts';
import { byName, checkTemplate, window, type Path } from './checks.ts';
import type { Routing } from '../model/slo.ts';
import { checkAddress, checkUrl } from './urls.ts';
import { checkNotificationTemplate } from './template.ts';

export const DEFAULT_GROUP_BY = ['alertname', 'service', 'slo'] as const;

export function toRouting(config: AlertmanagerConfig | undefined, problems: DiagnosticList): Routing | undefined {
  if (!config) return undefined;
  const receivers = Object.keys(config.receivers);
  const checkReceiver = (name: string, path: Path) => {
    if (!receivers.includes(name)) problems.add(path, `names no receiver; receivers are ${receivers.map((r) => `"${r}"`).join(', ')}`);
  };
  checkReceiver(config.defaultReceiver, ['alertmanager', 'defaultReceiver']);
  for (const [name, receiver] of Object.entries(config.receivers)) {
    if (receiver.webhook) {
      // Alertmanager 0.25 reads a webhook URL inline only (url_file came later).
      checkUrl(receiver.webhook.url, ['alertmanager', 'receivers', name, 'webhook', 'url'], problems, 'a webhook takes its URL inline in Alertmanager 0.25 (no url_file): point it at a relay that holds the credentials, or use a slack receiver with apiUrlFile');
    }
    if (receiver.email) checkAddress(receiver.email.smarthost, ['alertmanager', 'receivers', name, 'email', 'smarthost'], problems);
    if (receiver.messages) {
      for (const field of ['title', 'text'] as const) checkNotificationTemplate(receiver.messages[field], ['alertmanager', 'receivers', name, 'messages', field], problems);
    }
    if (Object.keys(receiver).filter((key) => key !== 'messages').length === 0) problems.add(['alertmanager', 'receivers', name], 'needs at least one of "pagerduty", "slack", "webhook", "email"');
  }
  for (const name of Object.keys(config.severities).filter((n) => /^\d+$/.test(n))) {
    // JavaScript orders integer-like keys numerically, which would scramble the urgency order.
    problems.add(['alertmanager', 'severities', name], 'severity names must not be plain numbers; the order of the levels is their urgency');
  }
  return {
    severities: Object.entries(config.severities).map(([name, level]) => {
      checkReceiver(level.receiver, ['alertmanager', 'severities', name, 'receiver']);
      // Alerts of the level carry it as an annotation.
      checkTemplate(level.responseTarget, ['alertmanager', 'severities', name, 'responseTarget'], problems);
      return {
        name,
        receiver: level.receiver,
        responseTarget: level.responseTarget,
        groupWait: window(level.groupWait ?? '30s'),
        groupInterval: window(level.groupInterval ?? '5m'),
        repeatInterval: window(level.repeatInterval ?? '4h'),
      };
    }),
    receivers: byName(Object.entries(config.receivers).map(([name, receiver]) => ({ name, ...receiver }))),
    defaultReceiver: config.defaultReceiver,
    groupBy: config.groupBy ?? DEFAULT_GROUP_BY,
  };
}
