/**
 * `sloforge drill` (guide, Part 5: "Trigger alerts in staging", "Test alert notification
 * flow"): one synthetic alert per route case, labelled as a drill, sent to a running
 * Alertmanager; once Alertmanager lists it, the receivers it routed to are compared with
 * the config's, and every drill alert is resolved again, whatever the outcome.
 */
import type { Model } from '../model/slo.ts';
import { LABEL } from '../model/conventions.ts';
import { routeCases, type RouteCase } from '../compile/alertmanager/route-cases.ts';
import type { AlertmanagerApi, PostableAlert } from './alertmanager-api.ts';

export const DRILL_ALERT_NAME = 'SloforgeDrill';
/** Set on every drill alert to the run's id, so a run finds its own alerts only. */
export const DRILL_LABEL = 'sloforge_drill';

export interface DrillOptions {
  readonly severity?: string | undefined;
  readonly service?: string | undefined;
  /** How long to wait for Alertmanager to list an alert. */
  readonly waitMs: number;
  /** How long the alerts stay firing once routed, so each receiver is notified before they resolve. */
  readonly holdMs: number;
  /** Unix milliseconds; the run's id and the alerts' start. */
  readonly now: number;
}

export interface DrillResult {
  readonly case: RouteCase;
  /** The receivers Alertmanager routed the drill alert to; undefined when it never listed the alert. */
  readonly received: readonly string[] | undefined;
  readonly ok: boolean;
}

/** The route cases a drill sends: all of them, or one severity's, one service's; undefined names a filter that matches nothing. */
export function drillCases(model: Model, options: Pick<DrillOptions, 'severity' | 'service'>): RouteCase[] {
  return routeCases(model).filter((c) => {
    if (options.severity !== undefined && c.severity !== options.severity) return false;
    if (options.service !== undefined && c.labels[LABEL.service] !== options.service) return false;
    return true;
  });
}

/** Alertmanager's own group_wait, for routes that set none (the default receiver's). */
const ALERTMANAGER_DEFAULT_GROUP_WAIT_SECONDS = 30;
/** After the group_wait, time for the notification itself to go out. */
const DELIVERY_MARGIN_SECONDS = 2;

/** Long enough for the slowest route drilled to send its first notification: its group_wait, and a margin. */
export function defaultHoldMs(model: Model, cases: readonly RouteCase[]): number {
  const waits = cases.map((c) => model.routing?.severities.find((s) => s.name === c.severity)?.groupWait.seconds ?? ALERTMANAGER_DEFAULT_GROUP_WAIT_SECONDS);
  return (Math.max(0, ...waits) + DELIVERY_MARGIN_SECONDS) * 1000;
}

export async function drill(model: Model, api: AlertmanagerApi, options: DrillOptions): Promise<DrillResult[]> {
  const cases = drillCases(model, options);
  const run = String(options.now);
  const startsAt = new Date(options.now).toISOString();
  const alerts: PostableAlert[] = cases.map((c, index) => ({
    labels: { ...c.labels, alertname: DRILL_ALERT_NAME, [DRILL_LABEL]: `${run}-${index}` },
    annotations: { summary: `sloforge drill: ${c.name}. Synthetic, no action needed.`, description: 'Sent by `sloforge drill` to prove the route; it resolves itself at once.' },
    startsAt,
  }));
  await api.post(alerts);
  try {
    const received = await waitForAll(api, alerts, options.waitMs);
    await new Promise((resolve) => setTimeout(resolve, options.holdMs));
    return cases.map((c, index) => {
      const got = received.get(alerts[index]!.labels[DRILL_LABEL]!);
      return { case: c, received: got, ok: got !== undefined && got.length === 1 && got[0] === c.receiver };
    });
  } finally {
    await api.post(alerts.map((a) => ({ ...a, endsAt: new Date().toISOString() })));
  }
}

/** The receivers of each drill alert by its drill label, as soon as Alertmanager lists all of them or the wait is over. */
async function waitForAll(api: AlertmanagerApi, alerts: readonly PostableAlert[], waitMs: number): Promise<Map<string, readonly string[]>> {
  const deadline = Date.now() + waitMs;
  const ids = alerts.map((a) => a.labels[DRILL_LABEL]!);
  for (;;) {
    const listed = await api.alerts([`alertname="${DRILL_ALERT_NAME}"`]);
    const received = new Map(listed.filter((a) => ids.includes(a.labels[DRILL_LABEL] ?? '')).map((a) => [a.labels[DRILL_LABEL]!, a.receivers]));
    if (received.size === ids.length || Date.now() > deadline) return received;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function formatDrill(results: readonly DrillResult[], url: string, holdMs: number): string {
  const lines = results.map((r) => {
    const got = r.received === undefined ? 'not listed by Alertmanager' : r.received.length ? r.received.join(', ') : 'no receiver';
    return r.ok ? `ok    ${r.case.name}: reached ${got}` : `FAIL  ${r.case.name}: went to ${got}`;
  });
  const failed = results.filter((r) => !r.ok).length;
  return [`drill against ${url}: ${results.length} ${results.length === 1 ? 'alert' : 'alerts'} sent, held ${holdMs / 1000}s for the notifications, then resolved`, ...lines, failed ? `${failed} of ${results.length} routes are wrong` : 'every route reaches its receiver', ''].join('\n');
}
