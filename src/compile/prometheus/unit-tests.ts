/**
 * promtool unit tests, one file per service, that prove the generated rules behave as
 * the window math says: each tier stays silent just below its burn rate and fires just
 * above it, when the math predicts; a full outage pages within the short window plus
 * `for`; missing metrics raise the no-data alert; data the SLI cannot have raises
 * SLIBroken and no burn; and under uneven traffic the period SLI is the exact
 * event-weighted ratio.
 */
import type { BurnRateTier, Service, Slo } from '../../model/slo.ts';
import type { RuleGroup } from './rule.ts';
import { LABEL, METRIC, NO_DATA_ALERT_NAME, OUTPUT, SLI_BROKEN_ALERT_NAME } from '../../model/conventions.ts';
import { formatNumber } from '../../model/number.ts';
import { firstFiring, firstResolved, simulate, stableFiringAt, type Segment, type Timeline } from '../../model/alert-timing.ts';
import type { Artifact } from '../artifact.ts';
import { alertRules, burnRateAlertLabels, noDataAlertLabels, sliBrokenAlertLabels } from './alerts.ts';
import { labelSet, quote, sloMatchers } from './promql.ts';
import { brokenInput, recordedLabels, testInput, trafficSeenBy, type InputSeries } from './test-series.ts';
import { seriesLabels } from './recording.ts';
import { windowMinutes } from '../../model/windows.ts';

/**
 * Minutes either side of a check in which a tier's predicted state must not change. The
 * windows are exact sums of whole minutes, as the math's are, so they need none; one
 * covers the minimum request rate, which the rules average over 5m rates.
 */
const margin = (_tier: BurnRateTier) => 1;
/** Minutes between a scenario's phases and after its last check: more than any margin. */
const SETTLE = 10;
const EVENTS_PER_MINUTE = 60_000;

interface ExpSample {
  readonly labels: string;
  readonly value: number;
}
interface ExprTest {
  readonly expr: string;
  readonly eval_time: string;
  readonly exp_samples: readonly ExpSample[];
}
interface ExpAlert {
  readonly exp_labels: Readonly<Record<string, string>>;
  readonly exp_annotations?: Readonly<Record<string, string>>;
}
interface AlertTest {
  readonly eval_time: string;
  readonly alertname: string;
  readonly exp_alerts: readonly ExpAlert[];
}
interface TestGroup {
  readonly name: string;
  readonly interval: string;
  readonly input_series: readonly InputSeries[];
  readonly promql_expr_test?: readonly ExprTest[];
  readonly alert_rule_test?: readonly AlertTest[];
}

/** The promtool tests of a service's rule groups. */
export function unitTestFile(service: Service, groups: readonly RuleGroup[]): Artifact {
  return {
    path: OUTPUT.testsFile(service.name),
    format: 'yaml',
    data: {
      rule_files: [`../rules/${service.name}.yml`],
      evaluation_interval: '1m',
      // Each tick evaluates groups in dependency order, as the period test's exactness needs.
      group_eval_order: groups.map((group) => group.name),
      tests: [...service.slos.flatMap((slo) => sloTests(slo, service.slos.filter((other) => other !== slo))), ...noDataTests(service)],
    },
  };
}

/** The tests of one SLO; `neighbours`, the other SLOs of its rule file, may read its test series too. */
function sloTests(slo: Slo, neighbours: readonly Slo[]): TestGroup[] {
  const tiers = slo.alerting?.tiers.length ? slo.alerting.tiers : [];
  return [
    ...(tiers.length ? [...tiers.map((_, i) => thresholdTest(slo, i, neighbours)), outageTest(slo, neighbours), firstSampleOutageTest(slo, neighbours)] : []),
    sliBrokenTest(slo),
    ...periodTests(slo, neighbours),
  ].filter(
    (group): group is TestGroup => group !== undefined,
  );
}

/** Just below the tier's factor for a full long window, then just above it: silent, then firing when predicted. */
function thresholdTest(slo: Slo, index: number, neighbours: readonly Slo[]): TestGroup {
  const tier = slo.alerting!.tiers[index]!;
  const budget = 1 - slo.objective;
  // Just above, so the long window crosses the threshold late (90% into it) and a
  // window of the wrong length moves the firing time well past the check margins.
  const below = 0.9 * tier.factor;
  const above = Math.min(1.01 * tier.factor, (tier.factor + 1 / budget) / 2);
  const phase = minutes(tier.longWindow.seconds + tier.for.seconds) + 3 * SETTLE;
  const full = simulate(slo, [segment(slo, phase, below), segment(slo, phase, above)]);
  const firesInFull = firstFiring(full, tier.name, phase + 1);
  // The second phase only lasts until the checks after the alert fires are done.
  const profile = [segment(slo, phase, below), segment(slo, Math.min(phase, (firesInFull ?? 2 * phase) - phase + 5 * SETTLE), above)];
  const timeline = simulate(slo, profile);
  const fires = firstFiring(timeline, tier.name, phase + 1);
  if (fires === undefined) throw new Error(`sloforge: tier ${tier.name} of ${slo.service}/${slo.name} never fires at ${above}x; the window math is broken`);
  const tight = margin(tier) + 1;
  const checks = [stableAround(slo, timeline, phase, -1), stableAround(slo, timeline, fires - tight, -1), stableAround(slo, timeline, fires + tight, 1)];
  const input = testInput(slo, profile, neighbours);
  if (checks.some((c) => c === undefined)) throw new Error(`sloforge: no stable moment to check tier ${tier.name} of ${slo.service}/${slo.name}; the scenario needs longer phases`);
  return {
    name: `${slo.service}/${slo.name} ${tier.name}: silent at ${formatNumber(below)}x burn for ${tier.longWindow.text}, fires ${minutesText(fires - phase)} after the burn rises to ${formatNumber(above)}x${source(input.fromSource)}`,
    interval: '1m',
    input_series: input.series,
    promql_expr_test: checks.map((check) => firingAlertsTest(slo, check![0], check![1])),
  };
}

/**
 * Healthy traffic, every event failing, then healthy again: each tier fires within its
 * short window plus `for` (where the math says it can), and resolves about a short
 * window after the outage ends.
 */
function outageTest(slo: Slo, neighbours: readonly Slo[]): TestGroup {
  const tiers = slo.alerting!.tiers;
  const healthy = 60;
  const longest = Math.max(...tiers.map((t) => minutes(t.longWindow.seconds + t.for.seconds)));
  const untilAllFire = simulate(slo, [segment(slo, healthy, 0), segment(slo, longest, 1 / (1 - slo.objective))]);
  const firesAt = (tier: BurnRateTier, timeline: Timeline) => firstFiring(timeline, tier.name, healthy)!;
  const firedBy = Math.max(...tiers.map((tier) => firesAt(tier, untilAllFire)));
  const outage = firedBy - healthy + 2 * SETTLE;
  const recovery = Math.max(...tiers.map((t) => minutes(t.shortWindow.seconds))) + 2 * SETTLE;
  const profile = [segment(slo, healthy, 0), segment(slo, outage, 1 / (1 - slo.objective)), segment(slo, recovery, 0)];
  const timeline = simulate(slo, profile);
  const input = testInput(slo, profile, neighbours);
  const checks = tiers.map((tier) => {
    const fires = firesAt(tier, timeline);
    const promised = healthy + minutes(tier.shortWindow.seconds + tier.for.seconds);
    const resolves = firstResolved(timeline, tier.name, healthy + outage);
    // Checked at the promised time, or, where a low objective's tier resolves before it
    // (its short window drops below the factor sooner), on its last stable firing minute.
    const lastFiring = resolves - margin(tier) - 1;
    return { tier, fires: Math.max(fires, Math.min(promised, lastFiring)), resolves };
  });
  const tierAlert = (tier: BurnRateTier, t: number, firing: boolean): ExprTest => ({
    expr: `ALERTS{alertname=${quote(slo.alerting!.alertName)},alertstate="firing",${sloMatchers(slo).slice(1, -1)},${LABEL.longWindow}=${quote(tier.longWindow.text)},${LABEL.shortWindow}=${quote(tier.shortWindow.text)}}`,
    eval_time: `${t}m`,
    exp_samples: firing ? [{ labels: labelSet(alertSeriesLabels(slo, tier.name)), value: 1 }] : [],
  });
  return {
    name:
      `${slo.service}/${slo.name}: a full outage fires ${checks.map(({ tier, fires }) => `${tier.name} within ${minutesText(fires - healthy)}`).join(', ')}; ` +
      `when it ends they resolve in ${checks.map(({ tier, resolves }) => `${minutesText(resolves - healthy - outage)}`).join(', ')}${source(input.fromSource)}`,
    interval: '1m',
    input_series: input.series,
    promql_expr_test: [
      ...checks.flatMap(({ tier, fires, resolves }) => [
        tierAlert(tier, fires, true),
        tierAlert(tier, resolves - margin(tier) - 1, true),
        tierAlert(tier, resolves + margin(tier) + 1, false),
      ]),
      // A real outage is never mistaken for a broken SLI.
      ...(hasSliBrokenAlert(slo) ? [neverAlerts(slo, SLI_BROKEN_ALERT_NAME, healthy + outage + recovery)] : []),
    ],
  };
}

function hasSliBrokenAlert(slo: Slo): boolean {
  return alertRules(slo).some((rule) => rule.alert === SLI_BROKEN_ALERT_NAME);
}

/** No alert of that name for the SLO, firing or pending, at any evaluation up to minute `until`. */
function neverAlerts(slo: Slo, alertname: string, until: number): ExprTest {
  return { expr: `count_over_time(ALERTS{alertname=${quote(alertname)},${sloMatchers(slo).slice(1, -1)}}[${until}m])`, eval_time: `${until}m`, exp_samples: [] };
}

/**
 * Every event fails from the first sample, so every window's error ratio is exactly 1
 * and the annotations can be checked to the letter, templates rendered.
 */
function firstSampleOutageTest(slo: Slo, neighbours: readonly Slo[]): TestGroup | undefined {
  const alerting = slo.alerting!;
  const budget = 1 - slo.objective;
  const length = Math.max(...alerting.tiers.map((t) => minutes(t.for.seconds))) + 90;
  const profile = [segment(slo, length, 1 / budget)];
  const check = stableAround(slo, simulate(slo, profile), 70, 1);
  if (!check || alerting.tiers.length === 0) return undefined;
  const at = check[0];
  const input = testInput(slo, profile, neighbours);
  // alert_rule_test matches alerts by name alone: every SLO of that name the series feed fires in it.
  const fed = [{ slo, groupLabels: recordedLabels(slo), profile }];
  for (const other of neighbours.filter((n) => n.alerting?.alertName === alerting.alertName && n.alerting.tiers.length > 0)) {
    const traffic = trafficSeenBy(other, input, profile);
    if (!traffic) return undefined;
    fed.push(...traffic.map((t) => ({ slo: other, groupLabels: { ...seriesLabels(other), ...t.groupLabels }, profile: t.profile })));
  }
  const expected: ExpAlert[] = [];
  for (const { slo: fedSlo, groupLabels, profile: seen } of fed) {
    const alerts = expectedBurnAlerts(fedSlo, groupLabels, seen, at);
    if (!alerts) return undefined;
    expected.push(...alerts);
  }
  return {
    name: `${slo.service}/${slo.name}: alerts of an outage since the first sample carry their rendered summary, description and runbook${source(input.fromSource)}`,
    interval: '1m',
    input_series: input.series,
    alert_rule_test: [{ eval_time: `${at}m`, alertname: alerting.alertName, exp_alerts: expected }],
  };
}

/**
 * The burn-rate alerts of an SLO fed `profile` from the first sample, at minute `at`,
 * labels and annotations rendered; undefined if a tier's state is not stable there, or an
 * annotation holds a template of the user's own, which a test cannot predict.
 */
function expectedBurnAlerts(slo: Slo, groupLabels: Readonly<Record<string, string>>, profile: readonly Segment[], at: number): ExpAlert[] | undefined {
  const alerting = slo.alerting!;
  const rules = alertRules(slo);
  const firing = stableFiringAt(simulate(slo, profile), at, alerting.tiers.map((t) => t.name), (name) => margin(alerting.tiers.find((t) => t.name === name)!));
  if (!firing) return undefined;
  const budget = 1 - slo.objective;
  const ratioOver = (minutesBack: number) => {
    let events = 0;
    let errors = 0;
    let t = 0;
    for (const segment of profile) {
      const counted = Math.max(0, Math.min(segment.minutes, at - t) - Math.max(0, at - minutesBack - t));
      events += counted * segment.eventsPerMinute;
      errors += counted * segment.errorsPerMinute;
      t += segment.minutes;
    }
    return errors / events;
  };
  const expected: ExpAlert[] = [];
  for (const [i, tier] of alerting.tiers.entries()) {
    if (!firing.has(tier.name)) continue;
    const labels = { ...groupLabels, ...burnRateAlertLabels(slo, alerting, tier) };
    const burn = ratioOver(windowMinutes(tier.longWindow)) / budget;
    const budgetLeft = 100 * (1 - ratioOver(at) / budget);
    const annotations = renderAnnotations(rules[i]!.annotations, labels, burn.toFixed(2), budgetLeft.toFixed(1));
    if (!annotations) return undefined;
    expected.push({ exp_labels: labels, exp_annotations: annotations });
  }
  return expected;
}

/**
 * The SLI's data is wrong from the first sample: SLIBroken fires after its `for`, no
 * burn-rate tier ever so much as pends, and the SLI records no errors.
 */
function sliBrokenTest(slo: Slo): TestGroup | undefined {
  const alerting = slo.alerting;
  const sliBroken = alerting?.sliBroken;
  if (!alerting || !sliBroken || !hasSliBrokenAlert(slo)) return undefined;
  // Instant vectors see the data from minute 0; the ratio's 5m rate from minute 1, its second sample.
  const fires = (slo.sli.kind === 'ratio' ? 1 : 0) + minutes(sliBroken.for.seconds);
  const length = fires + SETTLE;
  const input = brokenInput(slo, length);
  if (!input) return undefined;
  const select = sloMatchers(slo).slice(1, -1);
  const firing = (t: number, expected: boolean): ExprTest => ({
    expr: `ALERTS{alertname="${SLI_BROKEN_ALERT_NAME}",alertstate="firing",${select}}`,
    eval_time: `${t}m`,
    exp_samples: expected
      ? [{ labels: labelSet({ __name__: 'ALERTS', alertname: SLI_BROKEN_ALERT_NAME, alertstate: 'firing', ...recordedLabels(slo), ...sliBrokenAlertLabels(slo, alerting, sliBroken) }), value: 1 }]
      : [],
  });
  return {
    name: `${slo.service}/${slo.name}: ${input.story} raises ${SLI_BROKEN_ALERT_NAME} after ${sliBroken.for.text} and no burn-rate alert`,
    interval: '1m',
    input_series: input.series,
    promql_expr_test: [
      ...(fires > 0 ? [firing(fires - 1, false)] : []),
      firing(fires + 1, true),
      neverAlerts(slo, alerting.alertName, length),
      { expr: `${METRIC.errorRatio('5m')}${sloMatchers(slo)} != 0`, eval_time: `${length}m`, exp_samples: [] },
    ],
  };
}

/** Busy hours with few errors and quiet hours with many: the period SLI is errors over events, not an average of ratios. */
function periodTests(slo: Slo, neighbours: readonly Slo[]): TestGroup[] {
  if (slo.sli.kind !== 'ratio' && slo.sli.kind !== 'latency') return [];
  const busy = { minutes: 60, eventsPerMinute: EVENTS_PER_MINUTE, errorsPerMinute: 6 };
  const quiet = { minutes: 60, eventsPerMinute: 600, errorsPerMinute: 60 };
  // Idle hours around the traffic keep the counters' first and last samples out of the sums.
  const idle = { minutes: 60, eventsPerMinute: 0, errorsPerMinute: 0 };
  const profile = [idle, ...Array.from({ length: 8 }, () => [busy, quiet]).flat(), idle];
  const input = testInput(slo, profile, neighbours);
  if (!input.fromSource) return [];
  const events = profile.reduce((n, s) => n + s.eventsPerMinute * s.minutes, 0);
  const errors = profile.reduce((n, s) => n + s.errorsPerMinute * s.minutes, 0);
  const exact = errors / events;
  const series = `${METRIC.errorRatio(slo.period.text)}${sloMatchers(slo)}`;
  return [
    {
      name: `${slo.service}/${slo.name}: under uneven traffic the ${slo.period.text} SLI is the event-weighted ${formatNumber(exact)} (an average of hourly ratios would say ${formatNumber((0.0001 + 0.1) / 2)})`,
      interval: '1m',
      input_series: input.series,
      promql_expr_test: [
        {
          expr: `abs(${series} - ${formatNumber(exact)}) / ${formatNumber(exact)} < bool 1e-6`,
          eval_time: `${profile.length}h`,
          exp_samples: [{ labels: labelSet(withoutName(recordedLabels(slo))), value: 1 }],
        },
      ],
    },
  ];
}

/** With no metrics at all, every SLO of the service raises its no-data alert after its `for`. */
function noDataTests(service: Service): TestGroup[] {
  const slos = service.slos.filter((slo) => slo.alerting?.noData);
  if (slos.length === 0) return [];
  const at = Math.max(...slos.map((slo) => minutes(slo.alerting!.noData!.for.seconds))) + 2;
  const expected = slos.map((slo) => {
    const rule = alertRules(slo).find((r) => r.alert === NO_DATA_ALERT_NAME)!;
    const labels = noDataAlertLabels(slo, slo.alerting!, slo.alerting!.noData!);
    return { exp_labels: labels, exp_annotations: renderAnnotations(rule.annotations, labels, '', '') };
  });
  const name = `${service.name}: missing metrics raise ${NO_DATA_ALERT_NAME} for every SLO`;
  // Annotations with templates of the user's own cannot be predicted: then the labels alone are checked.
  if (expected.some((alert) => !alert.exp_annotations)) {
    return [
      {
        name,
        interval: '1m',
        input_series: [],
        promql_expr_test: [
          {
            expr: `ALERTS{alertname="${NO_DATA_ALERT_NAME}",alertstate="firing",${LABEL.service}=${quote(service.name)}}`,
            eval_time: `${at}m`,
            exp_samples: expected.map((alert) => ({ labels: labelSet({ __name__: 'ALERTS', alertname: NO_DATA_ALERT_NAME, alertstate: 'firing', ...alert.exp_labels }), value: 1 })),
          },
        ],
      },
    ];
  }
  return [{ name, interval: '1m', input_series: [], alert_rule_test: [{ eval_time: `${at}m`, alertname: NO_DATA_ALERT_NAME, exp_alerts: expected }] }];
}

function firingAlertsTest(slo: Slo, t: number, firing: ReadonlySet<string>): ExprTest {
  return {
    expr: `ALERTS{alertname=${quote(slo.alerting!.alertName)},alertstate="firing",${sloMatchers(slo).slice(1, -1)}}`,
    eval_time: `${t}m`,
    exp_samples: slo.alerting!.tiers.filter((tier) => firing.has(tier.name)).map((tier) => ({ labels: labelSet(alertSeriesLabels(slo, tier.name)), value: 1 })),
  };
}

function alertSeriesLabels(slo: Slo, tierName: string): Record<string, string> {
  const alerting = slo.alerting!;
  const tier = alerting.tiers.find((t) => t.name === tierName)!;
  return { __name__: 'ALERTS', alertname: alerting.alertName, alertstate: 'firing', ...recordedLabels(slo), ...burnRateAlertLabels(slo, alerting, tier) };
}

/** The nearest minute to `t`, moving in `direction`, at which every tier's predicted state is stable. */
function stableAround(slo: Slo, timeline: Timeline, t: number, direction: 1 | -1): [number, ReadonlySet<string>] | undefined {
  const tiers = slo.alerting!.tiers;
  const marginOf = (name: string) => margin(tiers.find((tier) => tier.name === name)!);
  for (let m = t; m >= 0 && m <= timeline.length && Math.abs(m - t) <= 3 * SETTLE; m += direction) {
    const firing = stableFiringAt(timeline, m, tiers.map((tier) => tier.name), marginOf);
    if (firing) return [m, firing];
  }
  return undefined;
}

/**
 * The annotations as Prometheus renders them, for the templates sloforge writes;
 * undefined if any other template is left (a user's own), which a test cannot predict.
 */
function renderAnnotations(annotations: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>, value: string, budgetLeft: string): Record<string, string> | undefined {
  const rendered: Record<string, string> = {};
  for (const [key, text] of Object.entries(annotations)) {
    const out = text
      .replace(/\{\{ with (?:printf `[^`]*`[^|]*\| query|query `[^`]*`) \}\}.*?\{\{ end \}\}/g, `${budgetLeft}%`)
      .replace(/\{\{ printf "%\.2f" \$value \}\}/g, value)
      .replace(/\{\{ \$labels\.([a-zA-Z_][a-zA-Z0-9_]*) \}\}/g, (_, name: string) => labels[name] ?? '')
      .replace(/\{\{ "(\{\{|\}\})" \}\}/g, '\u0000$1\u0000');
    if (out.includes('{{') && out.replace(/\u0000(\{\{|\}\})\u0000/g, '').includes('{{')) return undefined;
    rendered[key] = out.replace(/\u0000/g, '');
  }
  return rendered;
}

function segment(slo: Slo, length: number, burn: number): Segment {
  const events = eventsPerMinute(slo);
  return { minutes: length, eventsPerMinute: events, errorsPerMinute: Math.min(events, Math.round(burn * (1 - slo.objective) * events)) };
}

/**
 * Enough traffic that one error is at most 0.1% of any tier's threshold, so rounding to
 * whole events moves no burn rate across it, and more than every minimum request rate.
 */
function eventsPerMinute(slo: Slo): number {
  const tiers = slo.alerting?.tiers ?? [];
  const minimumRate = Math.max(0, ...tiers.map((t) => t.minRequestRate ?? 0));
  const smallestThreshold = Math.min(1, ...tiers.map((t) => t.factor * (1 - slo.objective)));
  const needed = Math.max(EVENTS_PER_MINUTE, minimumRate * 60 * 2, 1000 / smallestThreshold);
  return Math.ceil(needed / 1000) * 1000;
}

function withoutName(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([name]) => name !== '__name__'));
}

function minutes(seconds: number): number {
  return Math.ceil(seconds / 60);
}

function minutesText(count: number): string {
  return count >= 60 ? `${Math.floor(count / 60)}h${count % 60 ? `${count % 60}m` : ''}` : `${count}m`;
}

function source(fromSource: boolean): string {
  return fromSource ? '' : ' (fed at the recorded per-minute increases)';
}
