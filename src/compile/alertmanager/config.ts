/**
 * `alertmanager.yml`: a route per severity level, receivers whose secrets come only
 * from files, and inhibitions: a more urgent alert of an SLO silences the less urgent
 * ones of the same SLO, and a service that is down silences its SLO alerts. Maintenance windows
 * become time intervals that mute the routes of the alerts they cover (maintenance.ts).
 */
import type { Model, Receiver, Routing } from '../../model/slo.ts';
import { LABEL, NOTIFICATION_TEMPLATE, OUTPUT } from '../../model/conventions.ts';
import type { Artifact } from '../artifact.ts';
import { muteRoutes, timeIntervals, type TimeRange } from './maintenance.ts';

export function alertmanagerConfig(model: Model): Artifact[] {
  const routing = model.routing;
  if (!routing) return [];
  const muting = muteRoutes(model).map((route) => ({ matchers: route.matchers.map(matcherText), ...(route.muteTimeIntervals.length ? { mute_time_intervals: route.muteTimeIntervals } : {}) }));
  const intervals = timeIntervals(model).map((interval) => ({ name: interval.name, time_intervals: interval.ranges.map(timeRange) }));
  return [
    {
      path: OUTPUT.alertmanagerConfig,
      format: 'yaml',
      data: {
        templates: [OUTPUT.alertmanagerTemplatesGlob],
        route: {
          receiver: routing.defaultReceiver,
          group_by: routing.groupBy,
          routes: [
            ...routing.severities.map((level) => ({
              matchers: [matcherText(severityMatcher(level.name))],
              receiver: level.receiver,
              group_wait: level.groupWait.text,
              group_interval: level.groupInterval.text,
              repeat_interval: level.repeatInterval.text,
              ...(muting.length ? { routes: muting } : {}),
            })),
            ...muting,
          ],
        },
        inhibit_rules: inhibitions(model, routing).map((rule) => ({
          source_matchers: rule.source.map(matcherText),
          target_matchers: rule.target.map(matcherText),
          equal: rule.equal,
        })),
        receivers: routing.receivers.map(receiver),
        ...(intervals.length ? { time_intervals: intervals } : {}),
      },
    },
  ];
}

/** A label matcher, kept as data: alertmanager.yml writes it as text, an AlertmanagerConfig as an object. */
export interface Matcher {
  readonly name: string;
  readonly op: '=' | '=~';
  readonly value: string;
}

export interface Inhibition {
  readonly source: readonly Matcher[];
  readonly target: readonly Matcher[];
  readonly equal: readonly string[];
}

/** The matcher of a severity level's route. */
export function severityMatcher(level: string): Matcher {
  return { name: LABEL.severity, op: '=', value: level };
}

const matcherText = (matcher: Matcher) => `${matcher.name}${matcher.op}"${matcher.value}"`;

export function inhibitions(model: Model, routing: Routing): Inhibition[] {
  const isSlo: Matcher = { name: LABEL.slo, op: '=~', value: '.+' };
  const levels = routing.severities.map((s) => s.name);
  // Groups of a groupBy SLO inhibit only themselves; a label absent on both sides compares equal.
  const groupLabels = [...new Set(model.services.flatMap((s) => s.slos.flatMap((slo) => slo.groupBy)))].sort();
  const byUrgency = levels.slice(0, -1).map((level, i) => ({
    source: [severityMatcher(level), isSlo],
    target: [{ name: LABEL.severity, op: '=~' as const, value: levels.slice(i + 1).join('|') }, isSlo],
    equal: [LABEL.service, LABEL.slo, ...groupLabels],
  }));
  const downAlerts = [...new Set(model.services.flatMap((s) => s.alerts.filter((a) => a.condition.kind === 'serviceDown').map((a) => a.name)))].sort();
  const serviceDown = downAlerts.length ? [{ source: [{ name: 'alertname', op: '=~' as const, value: downAlerts.join('|') }], target: [isSlo], equal: [LABEL.service] }] : [];
  return [...byUrgency, ...serviceDown];
}

/** Alertmanager's spelling: ranges of days as `start:end`, months and years as text. */
function timeRange(range: TimeRange) {
  const span = (r: { start: number; end: number }) => (r.start === r.end ? `${r.start}` : `${r.start}:${r.end}`);
  return {
    ...(range.times ? { times: range.times.map((t) => ({ start_time: t.start, end_time: t.end })) } : {}),
    ...(range.weekdays ? { weekdays: range.weekdays } : {}),
    ...(range.daysOfMonth ? { days_of_month: range.daysOfMonth.map(span) } : {}),
    ...(range.months ? { months: range.months.map(String) } : {}),
    ...(range.years ? { years: range.years.map(String) } : {}),
    ...(range.location ? { location: range.location } : {}),
  };
}

/** The receiver's message templates: its own (`messages`), else the generated incident declaration and resolution. */
export function receiverMessages(r: Receiver): { title: string; text: string; slackTitle: string; emailSubject: string; emailHtml: string } {
  const use = (name: string) => `{{ template "${name}" . }}`;
  const title = r.messages?.title;
  const text = r.messages?.text;
  return {
    title: title ?? use(NOTIFICATION_TEMPLATE.title),
    text: text ?? use(NOTIFICATION_TEMPLATE.text),
    slackTitle: title ?? use(NOTIFICATION_TEMPLATE.slackTitle),
    emailSubject: title ?? use(NOTIFICATION_TEMPLATE.emailSubject),
    emailHtml: text ? `<pre>${text}</pre>` : use(NOTIFICATION_TEMPLATE.emailHtml),
  };
}

function receiver(r: Receiver) {
  const messages = receiverMessages(r);
  return {
    name: r.name,
    ...(r.pagerduty
      ? { pagerduty_configs: [{ routing_key_file: r.pagerduty.routingKeyFile, description: messages.title, details: { incident: messages.text }, send_resolved: true }] }
      : {}),
    ...(r.slack
      ? { slack_configs: [{ api_url_file: r.slack.apiUrlFile, channel: r.slack.channel, title: messages.slackTitle, title_link: `{{ template "${NOTIFICATION_TEMPLATE.dashboardUrl}" . }}`, text: messages.text, send_resolved: true }] }
      : {}),
    ...(r.webhook ? { webhook_configs: [{ url: r.webhook.url, send_resolved: true }] } : {}),
    ...(r.email
      ? {
          email_configs: [
            {
              to: r.email.to,
              from: r.email.from,
              smarthost: r.email.smarthost,
              ...(r.email.authUsername ? { auth_username: r.email.authUsername } : {}),
              ...(r.email.authPasswordFile ? { auth_password_file: r.email.authPasswordFile } : {}),
              headers: { Subject: messages.emailSubject },
              text: messages.text,
              html: messages.emailHtml,
              send_resolved: true,
            },
          ],
        }
      : {}),
  };
}
