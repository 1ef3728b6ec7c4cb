/**
 * Alertmanager notification templates in the shape of the guide's "Incident Declaration"
 * (a group that fires) and "Resolution" (a group that resolved), shared by the Slack,
 * PagerDuty and email receivers. They read the labels and annotations the generated
 * alerts carry: service, slo, severity, summary, burn_rate, budget_left, response_target,
 * runbook_url; the dashboard is the service's generated one under `grafana.url`.
 */
import type { Model, Routing } from '../../model/slo.ts';
import { NOTIFICATION_TEMPLATE as T, OUTPUT } from '../../model/conventions.ts';
import { serviceDashboardUid } from '../../model/dashboard-uids.ts';
import { escapeTemplate } from '../prometheus/template.ts';
import type { Artifact } from '../artifact.ts';

/** What Alertmanager's route tree uses where a route sets no group_interval / repeat_interval. */
const ALERTMANAGER_DEFAULT_TIMING = { groupInterval: '5m', repeatInterval: '4h' } as const;

export function notificationTemplates(model: Model): Artifact[] {
  const routing = model.routing;
  if (!routing) return [];
  return [{ path: OUTPUT.alertmanagerTemplates, format: 'go-template', data: templateText(routing, model.grafana.url) }];
}

function templateText(routing: Routing, grafanaUrl: string | undefined): string {
  const time = (field: string, layout: string) => `{{ (index .Alerts 0).${field}.UTC.Format "${layout}" }}`;
  const subject = '{{ .CommonLabels.service }}{{ with .CommonLabels.slo }}/{{ . }}{{ end }}';
  return [
    define(T.title, `{{ if eq .Status "firing" }}INCIDENT DECLARED: ${subject}{{ else }}INCIDENT RESOLVED: ${subject} - ${time('EndsAt', '15:04:05')} UTC{{ end }}`),
    define(T.slackTitle, `{{ if eq .Status "firing" }}:warning: {{ else }}:white_check_mark: {{ end }}{{ template "${T.title}" . }}`),
    define(T.emailSubject, `[{{ .Status | toUpper }}] {{ template "${T.title}" . }}`),
    define(T.emailHtml, `<pre>{{ template "${T.text}" . }}</pre>`),
    define(T.dashboardUrl, grafanaUrl ? `{{ with .CommonLabels.service }}${escapeTemplate(grafanaUrl)}/d/${serviceDashboardUid('{{ . }}')}{{ end }}` : ''),
    define(T.text, `{{ if eq .Status "firing" }}{{ template "sloforge.incident.declaration" . }}{{ else }}{{ template "sloforge.incident.resolution" . }}{{ end }}`),
    define(
      'sloforge.incident.declaration',
      lines(
        `Severity: {{ template "sloforge.severity" . }}{{ with .CommonAnnotations.response_target }} ({{ . }}){{ end }}`,
        'Service: {{ .CommonLabels.service }}',
        '{{ with .CommonLabels.slo }}SLO: {{ . }}\n{{ end }}Alert: {{ .CommonLabels.alertname }}',
        `Detected: ${time('StartsAt', '2006-01-02 15:04:05')} UTC`,
        'Impact:',
        '{{ range .Alerts.Firing }}  - {{ .Annotations.summary }}{{ with .Annotations.burn_rate }}; burn rate {{ . }}x{{ end }}{{ with .Annotations.budget_left }}; error budget left {{ . }}{{ end }}\n{{ end }}Current Status: Investigating ({{ len .Alerts.Firing }} firing)',
        `{{ template "sloforge.dashboard" . }}Next Update: {{ template "sloforge.next_update" . }}`,
        'Assigned To: on-call of {{ .Receiver }}{{ template "sloforge.runbook" . }}',
      ),
    ),
    define(
      'sloforge.incident.resolution',
      lines(
        `Duration: {{ with index .Alerts 0 }}{{ .EndsAt.Sub .StartsAt }}{{ end }} (from ${time('StartsAt', '2006-01-02 15:04:05')} to ${time('EndsAt', '2006-01-02 15:04:05')} UTC)`,
        'Severity: {{ template "sloforge.severity" . }}',
        'Service: {{ .CommonLabels.service }}',
        '{{ with .CommonLabels.slo }}SLO: {{ . }}\n{{ end }}Alert: {{ .CommonLabels.alertname }}',
        'Impact:',
        '{{ range .Alerts.Resolved }}  - {{ .Annotations.summary }}{{ with .Annotations.budget_left }}; error budget left {{ . }}{{ end }}\n{{ end }}Root Cause: to be written up in the RCA meeting (within 24 hours)',
        '{{ template "sloforge.dashboard" . }}Questions? Ask the on-call of {{ .Receiver }}{{ template "sloforge.runbook" . }}',
      ),
    ),
    define('sloforge.severity', '{{ with .CommonLabels.severity }}{{ . | toUpper }}{{ else }}UNKNOWN{{ end }}'),
    // A line of its own, or nothing when the config gives no Grafana URL or the alert no service.
    define('sloforge.dashboard', grafanaUrl ? `{{ with .CommonLabels.service }}Dashboard: {{ end }}{{ template "${T.dashboardUrl}" . }}{{ with .CommonLabels.service }}\n{{ end }}` : ''),
    define('sloforge.runbook', '{{ with .CommonAnnotations.runbook_url }}\nRunbook: {{ . }}{{ end }}'),
    define('sloforge.next_update', nextUpdate(routing)),
  ].join('\n\n');
}

/** When Alertmanager notifies again: on a change after the route's group_interval, else every repeat_interval. */
function nextUpdate(routing: Routing): string {
  const sentence = (groupInterval: string, repeatInterval: string) => `in ${groupInterval} if anything changes, otherwise every ${repeatInterval} while it fires`;
  const levels = routing.severities.map((level, i) => `{{ ${i === 0 ? 'if' : 'else if'} eq .CommonLabels.severity "${level.name}" }}${sentence(level.groupInterval.text, level.repeatInterval.text)}`);
  const fallback = sentence(ALERTMANAGER_DEFAULT_TIMING.groupInterval, ALERTMANAGER_DEFAULT_TIMING.repeatInterval);
  return levels.length ? `${levels.join('')}{{ else }}${fallback}{{ end }}` : fallback;
}

function define(name: string, body: string): string {
  return `{{ define "${name}" }}${body}{{ end }}`;
}

function lines(...parts: string[]): string {
  return parts.join('\n');
}
