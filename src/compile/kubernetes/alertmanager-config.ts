/**
 * The routing tree, receivers and inhibitions as one AlertmanagerConfig: the same routes
 * and inhibitions as alertmanager.yml (built by the same functions), the maintenance windows'
 * mute routes and time intervals included, each secret a Secret key reference.
 */
import type { Kubernetes } from '../../model/kubernetes.ts';
import { KUBERNETES_OUTPUT, OBJECT_NAME } from '../../model/kubernetes-names.ts';
import type { Model, Receiver } from '../../model/slo.ts';
import type { Artifact } from '../artifact.ts';
import { inhibitions, severityMatcher, type Matcher } from '../alertmanager/config.ts';
import { API_VERSION, metadata } from './metadata.ts';
import { muteRoutes, timeIntervals, type TimeRange } from '../alertmanager/maintenance.ts';

export function alertmanagerConfigFile(model: Model, kubernetes: Kubernetes): Artifact[] {
  const routing = model.routing;
  if (!routing) return [];
  const muting = muteRoutes(model).map((route) => ({ matchers: route.matchers.map(matcher), ...(route.muteTimeIntervals.length ? { muteTimeIntervals: route.muteTimeIntervals } : {}) }));
  // No location here: the config refuses weekly windows outside UTC when it writes an AlertmanagerConfig.
  const intervals = timeIntervals(model).map((interval) => ({ name: interval.name, timeIntervals: interval.ranges.map(timeRange) }));
  const resource = {
    apiVersion: API_VERSION.monitoringAlpha,
    kind: 'AlertmanagerConfig',
    metadata: metadata(kubernetes, 'alertmanagerConfig', OBJECT_NAME.alertmanagerConfig),
    spec: {
      route: {
        receiver: routing.defaultReceiver,
        groupBy: routing.groupBy,
        routes: [
          ...routing.severities.map((level) => ({
            matchers: [matcher(severityMatcher(level.name))],
            receiver: level.receiver,
            groupWait: level.groupWait.text,
            groupInterval: level.groupInterval.text,
            repeatInterval: level.repeatInterval.text,
            ...(muting.length ? { routes: muting } : {}),
          })),
          ...muting,
        ],
      },
      inhibitRules: inhibitions(model, routing).map((rule) => ({ sourceMatch: rule.source.map(matcher), targetMatch: rule.target.map(matcher), equal: rule.equal })),
      receivers: routing.receivers.map(receiver),
      ...(intervals.length ? { muteTimeIntervals: intervals } : {}),
    },
  };
  return [{ path: KUBERNETES_OUTPUT.alertmanagerConfig, format: 'yaml-stream', data: [resource] }];
}

function matcher(m: Matcher) {
  return { name: m.name, value: m.value, matchType: m.op };
}

function timeRange(range: TimeRange) {
  return {
    ...(range.times ? { times: range.times.map((t) => ({ startTime: t.start, endTime: t.end })) } : {}),
    ...(range.weekdays ? { weekdays: range.weekdays } : {}),
    ...(range.daysOfMonth ? { daysOfMonth: range.daysOfMonth } : {}),
    ...(range.months ? { months: range.months.map(String) } : {}),
    ...(range.years ? { years: range.years.map(String) } : {}),
  };
}

function receiver(r: Receiver) {
  return {
    name: r.name,
    ...(r.pagerduty?.routingKeySecret ? { pagerdutyConfigs: [{ routingKey: r.pagerduty.routingKeySecret, sendResolved: true }] } : {}),
    ...(r.slack?.apiUrlSecret ? { slackConfigs: [{ apiURL: r.slack.apiUrlSecret, channel: r.slack.channel, sendResolved: true }] } : {}),
    ...(r.webhook ? { webhookConfigs: [{ url: r.webhook.url, sendResolved: true }] } : {}),
    ...(r.email
      ? {
          emailConfigs: [
            {
              to: r.email.to,
              from: r.email.from,
              smarthost: r.email.smarthost,
              ...(r.email.authUsername ? { authUsername: r.email.authUsername } : {}),
              ...(r.email.authPasswordSecret ? { authPassword: r.email.authPasswordSecret } : {}),
              sendResolved: true,
            },
          ],
        }
      : {}),
  };
}
