/**
 * Where each kind of alert must end up (guide, Part 5: "Test alert notification flow"):
 * every severity level to its receiver, for each service (whose maintenance child routes
 * must keep the receiver), and an alert of no known severity to the default receiver.
 * The routes-test script and `sloforge drill` both check these.
 */
import type { Model } from '../../model/slo.ts';
import { LABEL } from '../../model/conventions.ts';

export interface RouteCase {
  /** What the case stands for, in words. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The receiver the alert must reach. */
  readonly receiver: string;
  /** The severity level, undefined for the default-receiver case. */
  readonly severity: string | undefined;
}

export const ROUTE_TEST_ALERT_NAME = 'SloforgeRouteTest';

export function routeCases(model: Model): RouteCase[] {
  const routing = model.routing;
  if (!routing) return [];
  const services = model.services.map((s) => s.name);
  return [
    ...routing.severities.flatMap((level) =>
      services.map((service) => ({
        name: `a ${level.name} alert of ${service} reaches ${level.receiver}`,
        labels: { alertname: ROUTE_TEST_ALERT_NAME, [LABEL.service]: service, [LABEL.severity]: level.name },
        receiver: level.receiver,
        severity: level.name,
      })),
    ),
    { name: `an alert of no known severity reaches the default receiver ${routing.defaultReceiver}`, labels: { alertname: ROUTE_TEST_ALERT_NAME }, receiver: routing.defaultReceiver, severity: undefined },
  ];
}
