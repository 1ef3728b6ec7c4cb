/** Who is told: the receiver of each severity, as the generated Alertmanager routes them. */
import type { Routing } from '../../model/slo.ts';
import { prose } from './markdown.ts';

export function routingSection(routing: Routing | undefined): string[] {
  if (!routing) return ['No Alertmanager routing is configured: alerts go wherever your Alertmanager sends them.', ''];
  return [
    '## Who is told',
    '',
    '| severity | receiver | response target |',
    '|---|---|---|',
    ...routing.severities.map((level) => `| ${prose(level.name)} | ${level.receiver} | ${level.responseTarget === undefined ? '—' : prose(level.responseTarget)} |`),
    '',
    `Severities are listed most urgent first. An alert of any other severity goes to ${routing.defaultReceiver}.`,
    '',
  ];
}

/** The receiver an alert of `severity` reaches; `—` without routing. */
export function receiverOf(severity: string, routing: Routing | undefined): string {
  if (!routing) return '—';
  return routing.severities.find((level) => level.name === severity)?.receiver ?? routing.defaultReceiver;
}
