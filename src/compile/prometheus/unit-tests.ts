/**
 * promtool unit tests, one file per service, that prove the generated rules behave as
 * the window math says: each tier stays silent just below its burn rate and fires
 * above it when the math predicts; a full outage pages within the short window plus
 * `for`; missing metrics raise the no-data alert; data the SLI cannot have raises
 * SLIBroken and no burn; and under uneven traffic the period SLI is the exact
 * event-weighted ratio.
 *
 * promtool evaluates every rule of the file at every step of a file's
 * `evaluation_interval`, from 0 to each test group's last check, whatever a rule group's
 * own interval: a test's cost is its steps times the service's rules. So the tests of
 * long windows, the first-sample outage and waits of an hour go to files evaluated every
 * 5m or every hour (fed at the recorded per-minute increases, which the minute group's
 * own rules would only sample); the same scenario of every SLO whose series no other SLO
 * reads runs in one test group: each step's evaluation of all the rules then serves all
 * of them, and the cost grows with the number of SLOs, not its square. A scenario lasts
 * only as long as its proof needs: one long window and `for` below the factor, an
 * outage until the last tier fires, a check a step past each predicted change.
 */
import type { BurnRateTier, Service, Slo } from '../../model/slo.ts';
import type { RuleGroup } from './rule.ts';
import { LABEL, METRIC, NO_DATA_ALERT_NAME, OUTPUT, SLI_BROKEN_ALERT_NAME } from '../../model/conventions.ts';
import { formatNumber } from '../../model/number.ts';
import { firstFiring, firstResolved, simulate, stableFiringAt, tiersKey, type Segment, type Timeline } from '../../model/alert-timing.ts';
import { RecentValues } from '../../model/recent-values.ts';
import type { Artifact } from '../artifact.ts';
import { alertRules as compileAlertRules, burnRateAlertLabels, noDataAlertLabels, sliBrokenAlertLabels } from './alerts.ts';
import { labelSet, quote, sloMatchers } from './promql.ts';
import { brokenInput, readsAny, recordedIncreasesInput, recordedLabels, testInput, trafficSeenBy, type InputSeries, type PlannedSeries, type TestInput } from './test-series.ts';
import { seriesLabels } from './recording.ts';
import { LONG_WINDOW_SECONDS, windowMinutes } from '../../model/windows.ts';
import { parseDuration } from '../../model/duration.ts';
import { freshnessTests, waitStep } from './freshness-tests.ts';
import { perSloMemo } from './per-slo-memo.ts';

/**
 * Minutes either side of a check in which a tier's predicted state must not change. The
 * windows are exact sums of whole minutes, as the math's are, so they need none; a step
 * covers the minimum request rate, which the rules average over 5m rates.
 */
const margin = (tier: BurnRateTier, step: number) => (tier.minRequestRate === undefined ? 0 : step);

/** Minutes between evaluations in the test files: every minute, every 5m, every hour. */
const STEPS = [1, 5, 60] as const;
type Step = (typeof STEPS)[number];

/**
 * The step a tier's tests run at: every minute for long windows under 6h, every 5m up to
 * a day, every hour from a day on (the tickets, whose windows are summed from hourly
 * tiles). Each check also compares both windows' recorded error ratios with the exact
 * ratio of the profile, so a window of the wrong length fails at any step.
 */
function tierStep(tier: BurnRateTier, full: boolean): Step {
  if (full) return 1;
  if (tier.longWindow.seconds >= LONG_WINDOW_SECONDS) return 60;
  if (tier.longWindow.seconds >= 6 * 3600) return 5;
  return 1;
}

/** Minutes between a scenario's phases and after its last check: more than any margin. */
const SETTLE = 10;
const EVENTS_PER_MINUTE = 60_000;

export interface ExpSample {
  readonly labels: string;
  readonly value: number;
}
export interface ExprTest {
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
export interface TestGroup {
  readonly name: string;
  readonly interval: string;
  readonly input_series: readonly InputSeries[];
  readonly promql_expr_test?: readonly ExprTest[];
  readonly alert_rule_test?: readonly AlertTest[];
}

/** A test group and what merging it with the same scenario of other SLOs needs to know. */
interface Scenario {
  readonly kind: 'threshold' | 'outage' | 'firstSample' | 'sliBroken' | 'period' | 'noData';
  /** Scenarios of one shape (kind and tier) and of different SLOs may share a test group. */
  readonly shape: string;
  readonly step: Step;
  readonly group: TestGroup;
  /** No other SLO of the service reads its input series, so it can share a test group. */
  readonly isolated: boolean;
  /** For the first-sample outage: the same scenario checked near another minute, to find a time common to the merged ones. */
  readonly checkedNear?: (minute: number) => Scenario | undefined;
}

/**
 * The promtool tests of a service's rule groups: `<service>.test.yml`, evaluated every
 * minute, and, for the tiers of longer windows and the period, files evaluated every 5m
 * and every hour beside it.
 */
export function unitTestFiles(service: Service, groups: readonly RuleGroup[]): Artifact[] {
  const full = service.tests === 'full';
  const scenarios = [...service.slos.flatMap((slo) => sloTests(slo, service.slos.filter((other) => other !== slo), full)), ...noDataTests(service, full)];
  return STEPS.flatMap((step) => {
    const tests = [...mergeScenarios(scenarios.filter((scenario) => scenario.step === step)), ...freshnessTests(service, step)];
    if (tests.length === 0 && step !== 1) return [];
    return [
      {
        path: OUTPUT.testsFile(service.name, step === 1 ? undefined : stepText(step)),
        format: 'yaml',
        data: {
          rule_files: [`../rules/${service.name}.yml`],
          evaluation_interval: stepText(step),
          // Each tick evaluates groups in dependency order, as the period test's exactness needs.
          group_eval_order: groups.map((group) => group.name),
          tests,
        },
      },
    ];
  });
}

function stepText(step: Step): string {
  return step === 60 ? '1h' : `${step}m`;
}

/**
 * The tests of one SLO; `neighbours`, the other SLOs of its rule file, may read its test
 * series too. `full`: every scenario evaluated every minute, from the SLI's own series.
 */
function sloTests(slo: Slo, neighbours: readonly Slo[], full: boolean): Scenario[] {
  const tiers = slo.alerting?.tiers.length ? slo.alerting.tiers : [];
  const byStep = STEPS.map((step) => tiers.filter((tier) => tierStep(tier, full) === step)).map((subset, i) => [STEPS[i]!, subset] as const);
  return [
    ...tiers.map((tier) => thresholdTest(slo, tier, tierStep(tier, full), neighbours)),
    ...byStep.filter(([, subset]) => subset.length > 0).map(([step, subset]) => outageTest(slo, subset, step, neighbours)),
    ...(tiers.length ? [firstSampleOutage(slo, neighbours, full)] : []),
    sliBrokenTest(slo, neighbours),
    ...periodTests(slo, neighbours, full ? 1 : 60),
  ].filter((scenario): scenario is Scenario => scenario !== undefined);
}

/**
 * The scenarios of one step, those of a kind whose series no other SLO reads in one test
 * group: their checks select their own SLO's series, and alert_rule_test's, matched by
 * name alone, list the alerts of every SLO fed at one common time.
 */
function mergeScenarios(scenarios: readonly Scenario[]): TestGroup[] {
  const out: TestGroup[] = [];
  const merged = new Map<string, Scenario[]>();
  for (const scenario of scenarios) {
    if (!scenario.isolated) out.push(scenario.group);
    else merged.set(scenario.shape, [...(merged.get(scenario.shape) ?? []), scenario]);
  }
  for (const members of merged.values()) {
    if (members[0]!.kind === 'firstSample') out.push(...mergeFirstSampleOutages(members));
    else out.push(mergeGroups(members.map((m) => m.group)));
  }
  return out;
}

function mergeGroups(groups: readonly TestGroup[]): TestGroup {
  if (groups.length === 1) return groups[0]!;
  const alertTests = groups.flatMap((g) => g.alert_rule_test ?? []);
  return {
    name: groups.map((g) => g.name).join(' | '),
    interval: groups[0]!.interval,
    input_series: groups.flatMap((g) => g.input_series),
    ...(groups.some((g) => g.promql_expr_test) ? { promql_expr_test: groups.flatMap((g) => g.promql_expr_test ?? []) } : {}),
    ...(alertTests.length ? { alert_rule_test: alertTests } : {}),
  };
}

/** The first-sample outages checked at one time, the latest any of them needs, and each alert name's alerts listed together; those not stable then keep their own group. */
function mergeFirstSampleOutages(members: readonly Scenario[]): TestGroup[] {
  if (members.length === 1) return [members[0]!.group];
  const at = Math.max(...members.map((m) => minutesOf(m.group.alert_rule_test![0]!.eval_time)));
  const alone: TestGroup[] = [];
  const together: TestGroup[] = [];
  for (const member of members) {
    const retimed = member.checkedNear!(at);
    if (retimed && minutesOf(retimed.group.alert_rule_test![0]!.eval_time) === at) together.push(retimed.group);
    else alone.push(member.group);
  }
  if (together.length < 2) return members.map((m) => m.group);
  const group = mergeGroups(together);
  const byName = new Map<string, ExpAlert[]>();
  for (const test of group.alert_rule_test!) byName.set(test.alertname, [...(byName.get(test.alertname) ?? []), ...test.exp_alerts]);
  return [...alone, { ...group, alert_rule_test: [...byName].map(([alertname, exp_alerts]) => ({ eval_time: `${at}m`, alertname, exp_alerts })) }];
}

function minutesOf(evalTime: string): number {
  return parseDuration(evalTime)! / 60;
}

/** Which other SLOs may share a scenario's test group: by default those with burn-rate alerts, whose scenarios these are. */
type Sharing = (other: Slo) => boolean;
const WITH_BURN_RATE_TIERS: Sharing = (other) => (other.alerting?.tiers.length ?? 0) > 0;
const EVERY_SLO: Sharing = () => true;

/**
 * Whether none of the other SLOs that may share the group reads any series of the input.
 * Which series another SLO reads does not depend on the traffic (trafficSeenBy gives []
 * exactly when it counts none of them), so the answer is kept per planned series.
 */
function isolatedFrom(neighbours: readonly Slo[], input: TestInput, profile: readonly Segment[], sharing: Sharing = WITH_BURN_RATE_TIERS): boolean {
  if (!input.fromSource) return true;
  const known = isolation.get(input.planned) ?? isolation.set(input.planned, new Map()).get(input.planned)!;
  let isolated = known.get(sharing);
  if (isolated === undefined) known.set(sharing, (isolated = neighbours.every((other) => !sharing(other) || trafficSeenBy(other, input, profile)?.length === 0)));
  return isolated;
}
const isolation = new WeakMap<readonly PlannedSeries[], Map<Sharing, boolean>>();

/** Input series of a scenario at `step`: the SLI's own where every minute is evaluated, else the recorded increases. */
function stepInput(slo: Slo, profile: readonly Segment[], neighbours: readonly Slo[], step: Step, sharing?: Sharing): { series: readonly InputSeries[]; fromSource: boolean; isolated: boolean } {
  if (step !== 1) return { series: recordedIncreasesInput(slo, profile), fromSource: false, isolated: true };
  const input = testInput(slo, profile, neighbours);
  return { series: input.series, fromSource: input.fromSource, isolated: isolatedFrom(neighbours, input, profile, sharing) };
}

/**
 * Just below the tier's factor for a full long window, then just above it: silent, then
 * firing when predicted, the windows' recorded ratios exact at every check.
 */
function thresholdTest(slo: Slo, tier: BurnRateTier, step: Step, neighbours: readonly Slo[]): Scenario {
  const { below, above, phase, profile, fires, checks } = sameTiming(slo, `threshold ${tier.name} ${step}`, () => thresholdTiming(slo, tier, step));
  const input = stepInput(slo, profile, neighbours, step);
  return {
    kind: 'threshold',
    shape: `threshold ${tier.name}`,
    step,
    isolated: input.isolated,
    group: {
      name: `${slo.service}/${slo.name} ${tier.name}: silent at ${formatNumber(below)}x burn for ${tier.longWindow.text}, fires ${minutesText(fires - phase)} after the burn rises to ${formatNumber(above)}x${source(input.fromSource)}`,
      interval: '1m',
      input_series: input.series,
      promql_expr_test: checks.flatMap((check) => [
        firingAlertsTest(slo, check![0], check![1]),
        ...[tier.longWindow, tier.shortWindow].map((window) => exactRatioTest(slo, window.text, profile, check![0], windowMinutes(window))),
      ]),
    },
  };
}

/**
 * A scenario's timing depends on the SLO's objective and tiers alone, which most SLOs of a
 * large config share: the timings of the last few shapes are kept (read them only).
 */
function sameTiming<T>(slo: Slo, scenario: string, compute: () => T): T {
  // What the window math reads: the objective and every tier's numbers, as the simulation keys them.
  return timings.get(`${slo.objective} ${tiersKey(slo.alerting?.tiers ?? [])} ${scenario}`, compute) as T;
}
const timings = new RecentValues<string, unknown>(256);

/** thresholdTest's phases, profile, firing minute and checks: the window math alone. */
function thresholdTiming(slo: Slo, tier: BurnRateTier, step: Step) {
  const budget = 1 - slo.objective;
  // The exact ratios at each check prove the windows' lengths. 1.5x crosses a sixth of the
  // long window in: a short test, and a factor off by δ moves the firing by δ/0.6 of the
  // long window (1% of it by a step of the default tiers; 2.5% for the 1d tier's hours).
  const below = 0.9 * tier.factor;
  const above = Math.min(1.5 * tier.factor, (tier.factor + 1 / budget) / 2);
  const settle = SETTLE * step;
  // A full long window (and `for`) below the factor, checked silent at its end.
  const phase = roundUp(minutes(tier.longWindow.seconds + tier.for.seconds), step) + step;
  const full = simulate(slo, [segment(slo, phase, below), segment(slo, phase, above)], step);
  const firesInFull = firstFiring(full, tier.name, phase + 1);
  // The second phase only lasts until the checks after the alert fires are done.
  const profile = [segment(slo, phase, below), segment(slo, Math.min(phase, (firesInFull ?? 2 * phase) - phase + 5 * settle), above)];
  const timeline = simulate(slo, profile, step);
  const fires = firstFiring(timeline, tier.name, phase + 1);
  if (fires === undefined) throw new Error(`sloforge: tier ${tier.name} of ${slo.service}/${slo.name} never fires at ${above}x; the window math is broken`);
  const checks = [stableAround(slo, timeline, phase, -1), stableAround(slo, timeline, fires - margin(tier, step) - step, -1), stableAround(slo, timeline, fires + margin(tier, step), 1)];
  if (checks.some((c) => c === undefined)) throw new Error(`sloforge: no stable moment to check tier ${tier.name} of ${slo.service}/${slo.name}; the scenario needs longer phases`);
  return { below, above, phase, profile, fires, checks: checks as [number, ReadonlySet<string>][] };
}

/** The recorded error ratio of a window at minute `at` equals the profile's errors over events in its minutes (to 1e-9). */
function exactRatioTest(slo: Slo, window: string, profile: readonly Segment[], at: number, windowLength: number): ExprTest {
  const exact = ratioOver(profile, at, windowLength);
  return {
    expr: `abs(${METRIC.errorRatio(window)}${sloMatchers(slo)} - ${formatNumber(exact)}) / ${formatNumber(exact)} < bool 1e-9`,
    eval_time: `${at}m`,
    exp_samples: [{ labels: recordedLabelSet(slo), value: 1 }],
  };
}

/** Errors over events in the `length` minutes up to minute `at` of the profile (its first sample is minute 0). */
function ratioOver(profile: readonly Segment[], at: number, length: number): number {
  let events = 0;
  let errors = 0;
  let t = 0;
  for (const segment of profile) {
    const counted = Math.max(0, Math.min(segment.minutes, at - t) - Math.max(0, at - length - t));
    events += counted * segment.eventsPerMinute;
    errors += counted * segment.errorsPerMinute;
    t += segment.minutes;
  }
  return errors / events;
}

/**
 * Healthy traffic, every event failing, then healthy again: each of `tiers` (those of
 * one step) fires within its short window plus `for` (where the math says it can), and
 * resolves about a short window after the outage ends.
 */
function outageTest(slo: Slo, tiers: readonly BurnRateTier[], step: Step, neighbours: readonly Slo[]): Scenario {
  const { healthy, outage, profile, times } = sameTiming(slo, `outage ${tiers.map((t) => t.name).join(' ')} ${step}`, () => outageTiming(slo, tiers, step));
  const input = stepInput(slo, profile, neighbours, step);
  const checks = tiers.map((tier, i) => ({ tier, ...times[i]! }));
  const tierAlert = (tier: BurnRateTier, t: number, firing: boolean): ExprTest => ({
    expr: `ALERTS{alertname=${quote(slo.alerting!.alertName)},alertstate="firing",${sloMatchers(slo).slice(1, -1)},${LABEL.longWindow}=${quote(tier.longWindow.text)},${LABEL.shortWindow}=${quote(tier.shortWindow.text)}}`,
    eval_time: `${t}m`,
    exp_samples: firing ? [{ labels: alertSeriesLabelSet(slo, tier.name), value: 1 }] : [],
  });
  return {
    kind: 'outage',
    shape: `outage ${tiers.map((t) => t.name).join(' ')}`,
    step,
    isolated: input.isolated,
    group: {
      name:
        `${slo.service}/${slo.name}: a full outage fires ${checks.map(({ tier, fires }) => `${tier.name} within ${minutesText(fires - healthy)}`).join(', ')}; ` +
        `when it ends ${checks.length > 1 ? 'they resolve' : 'it resolves'} in ${checks.map(({ resolves }) => `${minutesText(resolves - healthy - outage)}`).join(', ')}${source(input.fromSource)}`,
      interval: '1m',
      input_series: input.series,
      promql_expr_test: [
        ...checks.flatMap(({ tier, fires, resolves }) => [
          tierAlert(tier, fires, true),
          tierAlert(tier, resolves - margin(tier, step) - step, true),
          tierAlert(tier, resolves + margin(tier, step), false),
        ]),
        // A real outage is never mistaken for a broken SLI, up to the last check.
        ...(step === 1 && hasSliBrokenAlert(slo) ? [neverAlerts(slo, SLI_BROKEN_ALERT_NAME, Math.max(...checks.map(({ tier, resolves }) => resolves + margin(tier, step))))] : []),
      ],
    },
  };
}

/** outageTest's phases and profile, and when each of `tiers` fires and resolves: the window math alone. */
function outageTiming(slo: Slo, tiers: readonly BurnRateTier[], step: Step) {
  const settle = SETTLE * step;
  const longestShort = Math.max(...tiers.map((t) => minutes(t.shortWindow.seconds)));
  // Healthy for the short windows (at most an hour) before the outage; it lasts until every tier has fired.
  const healthy = roundUp(Math.min(60, longestShort), step);
  const longest = Math.max(...tiers.map((t) => minutes(t.longWindow.seconds + t.for.seconds)));
  const untilAllFire = simulate(slo, [segment(slo, healthy, 0), segment(slo, longest, 1 / (1 - slo.objective))], step);
  const firesAt = (tier: BurnRateTier, timeline: Timeline) => firstFiring(timeline, tier.name, healthy)!;
  const firedBy = Math.max(...tiers.map((tier) => firesAt(tier, untilAllFire)));
  const outage = roundUp(firedBy - healthy, step) + 2 * step;
  const recovery = roundUp(longestShort + 2 * settle, step);
  const profile = [segment(slo, healthy, 0), segment(slo, outage, 1 / (1 - slo.objective)), segment(slo, recovery, 0)];
  const timeline = simulate(slo, profile, step);
  const times = tiers.map((tier) => {
    const fires = firesAt(tier, timeline);
    const promised = roundUp(healthy + minutes(tier.shortWindow.seconds + tier.for.seconds), step);
    const resolves = firstResolved(timeline, tier.name, healthy + outage);
    // Checked at the promised time, or, where a low objective's tier resolves before it
    // (its short window drops below the factor sooner), on its last stable firing evaluation.
    const lastFiring = resolves - margin(tier, step) - step;
    return { fires: Math.max(fires, Math.min(promised, lastFiring)), resolves };
  });
  return { healthy, outage, profile, times };
}

function roundUp(minutes: number, step: number): number {
  return Math.ceil(minutes / step) * step;
}

const alertRules = perSloMemo(compileAlertRules);

const hasSliBrokenAlert = perSloMemo((slo: Slo) => alertRules(slo).some((rule) => rule.alert === SLI_BROKEN_ALERT_NAME));

/** The labels of the SLO's recorded series in a test, without `__name__`, as a label set. */
const recordedLabelSet = perSloMemo((slo: Slo) => labelSet(withoutName(recordedLabels(slo))));

/** No alert of that name for the SLO, firing or pending, at any evaluation up to minute `until`. */
function neverAlerts(slo: Slo, alertname: string, until: number): ExprTest {
  return { expr: `count_over_time(ALERTS{alertname=${quote(alertname)},${sloMatchers(slo).slice(1, -1)}}[${until}m])`, eval_time: `${until}m`, exp_samples: [] };
}

/**
 * The first-sample outage every 5m at the recorded increases, which only the SLO reads (the
 * minute file's outage proves its own series when every event fails); every minute from
 * its own series where other SLOs read them, whose alerts the test then expects too.
 */
function firstSampleOutage(slo: Slo, neighbours: readonly Slo[], full: boolean): Scenario | undefined {
  const everyMinute = () => firstSampleOutageTest(slo, neighbours, 1);
  if (full) return everyMinute();
  if (!firstSampleIsolated(slo, neighbours)) return everyMinute() ?? firstSampleOutageTest(slo, neighbours, 5);
  return firstSampleOutageTest(slo, neighbours, 5) ?? everyMinute();
}

/** Whether the every-minute first-sample outage's series feed no other SLO's alerts: decided before either test is built. */
function firstSampleIsolated(slo: Slo, neighbours: readonly Slo[]): boolean {
  const { profile } = firstSampleTiming(slo, 70, 1);
  return isolatedFrom(neighbours, testInput(slo, profile, neighbours), profile);
}

/** The first-sample outage's profile, and the minute near `near` where every tier's state is stable. */
function firstSampleTiming(slo: Slo, near: number, step: Step) {
  return sameTiming(slo, `firstSample ${near} ${step}`, () => {
    const length = Math.max(near, ...slo.alerting!.tiers.map((t) => minutes(t.for.seconds))) + 90;
    const profile = [segment(slo, length, 1 / (1 - slo.objective))];
    return { profile, check: stableAround(slo, simulate(slo, profile, step), near, 1) };
  });
}

/**
 * Every event fails from the first sample, so every window's error ratio is exactly 1
 * and the annotations can be checked to the letter, templates rendered. Checked once,
 * near 70m, where the tiers of a `for` up to an hour fire.
 */
function firstSampleOutageTest(slo: Slo, neighbours: readonly Slo[], step: Step, near = 70): Scenario | undefined {
  const alerting = slo.alerting!;
  const { profile, check } = firstSampleTiming(slo, near, step);
  if (!check || alerting.tiers.length === 0) return undefined;
  const at = check[0];
  const input = step === 1 ? testInput(slo, profile, neighbours) : { series: recordedIncreasesInput(slo, profile), fromSource: false, planned: [] };
  // alert_rule_test matches alerts by name alone: every SLO of that name the series feed fires in it.
  const fed = [{ slo, groupLabels: recordedLabels(slo), profile }];
  for (const other of neighbours.filter((n) => n.alerting?.alertName === alerting.alertName && n.alerting.tiers.length > 0)) {
    const traffic = trafficSeenBy(other, input, profile);
    if (!traffic) return undefined;
    fed.push(...traffic.map((t) => ({ slo: other, groupLabels: { ...seriesLabels(other), ...t.groupLabels }, profile: t.profile })));
  }
  const expected: ExpAlert[] = [];
  for (const { slo: fedSlo, groupLabels, profile: seen } of fed) {
    const alerts = expectedBurnAlerts(fedSlo, groupLabels, seen, at, step);
    if (!alerts) return undefined;
    expected.push(...alerts);
  }
  const scenario: Scenario = {
    kind: 'firstSample',
    shape: 'firstSample',
    step,
    checkedNear: (minute) => (minute === near ? scenario : firstSampleOutageTest(slo, neighbours, step, minute)),
    isolated: isolatedFrom(neighbours, input, profile),
    group: {
      name: `${slo.service}/${slo.name}: alerts of an outage since the first sample carry their rendered summary, description and runbook${source(input.fromSource)}`,
      interval: '1m',
      input_series: input.series,
      alert_rule_test: [{ eval_time: `${at}m`, alertname: alerting.alertName, exp_alerts: expected }],
    },
  };
  return scenario;
}

/**
 * The burn-rate alerts of an SLO fed `profile` from the first sample, at minute `at`,
 * labels and annotations rendered; undefined if a tier's state is not stable there, or an
 * annotation holds a template of the user's own, which a test cannot predict.
 */
function expectedBurnAlerts(slo: Slo, groupLabels: Readonly<Record<string, string>>, profile: readonly Segment[], at: number, step: Step): ExpAlert[] | undefined {
  const alerting = slo.alerting!;
  const rules = alertRules(slo);
  const firing = stableFiringAt(simulate(slo, profile, step), at, alerting.tiers.map((t) => t.name), (name) => margin(alerting.tiers.find((t) => t.name === name)!, step));
  if (!firing) return undefined;
  const budget = 1 - slo.objective;
  const expected: ExpAlert[] = [];
  for (const [i, tier] of alerting.tiers.entries()) {
    if (!firing.has(tier.name)) continue;
    const labels = { ...groupLabels, ...burnRateAlertLabels(slo, alerting, tier) };
    const burn = ratioOver(profile, at, windowMinutes(tier.longWindow)) / budget;
    const budgetLeft = 100 * (1 - ratioOver(profile, at, at) / budget);
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
function sliBrokenTest(slo: Slo, neighbours: readonly Slo[]): Scenario | undefined {
  const alerting = slo.alerting;
  const sliBroken = alerting?.sliBroken;
  if (!alerting || !sliBroken || !hasSliBrokenAlert(slo)) return undefined;
  // Instant vectors see the data from minute 0; the ratio's 5m rate from minute 1, its second sample.
  const fires = (slo.sli.kind === 'ratio' ? 1 : 0) + minutes(sliBroken.for.seconds);
  const length = fires + 2;
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
    kind: 'sliBroken',
    shape: 'sliBroken',
    step: 1,
    isolated: neighbours.every((other) => !other.alerting || !readsAny(other, input.labels)),
    group: {
      name: `${slo.service}/${slo.name}: ${input.story} raises ${SLI_BROKEN_ALERT_NAME} after ${sliBroken.for.text} and no burn-rate alert`,
      interval: '1m',
      input_series: input.series,
      promql_expr_test: [
        ...(fires > 0 ? [firing(fires - 1, false)] : []),
        firing(fires + 1, true),
        neverAlerts(slo, alerting.alertName, length),
        { expr: `${METRIC.errorRatio('5m')}${sloMatchers(slo)} != 0`, eval_time: `${length}m`, exp_samples: [] },
      ],
    },
  };
}

/**
 * Busy hours with few errors and quiet hours with many: the period SLI is errors over
 * events, not an average of ratios. For SLIs whose own series sloforge can build; every
 * hour it is fed at the recorded increases (the minute file runs the SLI's own series).
 */
function periodTests(slo: Slo, neighbours: readonly Slo[], step: Step): Scenario[] {
  if (slo.sli.kind !== 'ratio' && slo.sli.kind !== 'latency') return [];
  const busy = { minutes: 60, eventsPerMinute: EVENTS_PER_MINUTE, errorsPerMinute: 6 };
  const quiet = { minutes: 60, eventsPerMinute: 600, errorsPerMinute: 60 };
  // Idle hours around the traffic keep the counters' first and last samples out of the sums.
  const idle = { minutes: 60, eventsPerMinute: 0, errorsPerMinute: 0 };
  // Two busy and two quiet hours: both hour parities of each, every step a test costs.
  const profile = [idle, busy, quiet, busy, quiet, idle];
  // Every SLO of a ratio or latency SLI has a period test that may share the group.
  const input = stepInput(slo, profile, neighbours, step, EVERY_SLO);
  if (!testInput(slo, profile, neighbours).fromSource) return [];
  const events = profile.reduce((n, s) => n + s.eventsPerMinute * s.minutes, 0);
  const errors = profile.reduce((n, s) => n + s.errorsPerMinute * s.minutes, 0);
  const exact = errors / events;
  const series = `${METRIC.errorRatio(slo.period.text)}${sloMatchers(slo)}`;
  return [
    {
      kind: 'period',
      shape: 'period',
      step,
      isolated: input.isolated,
      group: {
        name: `${slo.service}/${slo.name}: under uneven traffic the ${slo.period.text} SLI is the event-weighted ${formatNumber(exact)} (an average of hourly ratios would say ${formatNumber((0.0001 + 0.1) / 2)})`,
        interval: '1m',
        input_series: input.series,
        promql_expr_test: [
          {
            expr: `abs(${series} - ${formatNumber(exact)}) / ${formatNumber(exact)} < bool 1e-6`,
            eval_time: `${profile.length}h`,
            exp_samples: [{ labels: recordedLabelSet(slo), value: 1 }],
          },
        ],
      },
    },
  ];
}

/**
 * With no metrics at all, every SLO of the service raises its no-data alert after its
 * `for`: those waiting an hour or more in the file evaluated every 5m (as freshness bounds).
 */
function noDataTests(service: Service, full: boolean): Scenario[] {
  const waits = service.slos.filter((slo) => slo.alerting?.noData).map((slo) => ({ slo, wait: minutes(slo.alerting!.noData!.for.seconds) }));
  return STEPS.flatMap((step) => {
    const own = waits.filter(({ wait }) => (full ? 1 : waitStep(wait * 60)) === step);
    if (own.length === 0) return [];
    const at = roundUp(Math.max(...own.map(({ wait }) => wait)), step) + 2 * step;
    // alert_rule_test lists every alert of the name firing then: each SLO that has waited its `for`.
    const firing = waits.filter(({ wait }) => wait <= at).map(({ slo }) => slo);
    return noDataGroups(service, firing, at).map((group) => ({ kind: 'noData' as const, shape: 'noData', step, isolated: false, group }));
  });
}

function noDataGroups(service: Service, slos: readonly Slo[], at: number): TestGroup[] {
  const expected = slos.map((slo) => {
    const rule = alertRules(slo).find((r) => r.alert === NO_DATA_ALERT_NAME)!;
    const labels = noDataAlertLabels(slo, slo.alerting!, slo.alerting!.noData!);
    return { exp_labels: labels, exp_annotations: renderAnnotations(rule.annotations, labels, '', '') };
  });
  const every = service.slos.every((slo) => !slo.alerting?.noData || slos.includes(slo));
  const name = `${service.name}: missing metrics raise ${NO_DATA_ALERT_NAME} for ${every ? 'every SLO' : slos.map((slo) => slo.name).join(', ')}`;
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
    exp_samples: slo.alerting!.tiers.filter((tier) => firing.has(tier.name)).map((tier) => ({ labels: alertSeriesLabelSet(slo, tier.name), value: 1 })),
  };
}

/** The ALERTS series of each burn-rate tier of the SLO, by tier name, as label sets. */
const alertSeriesLabelSets = perSloMemo((slo: Slo) => {
  const alerting = slo.alerting!;
  const recorded = recordedLabels(slo);
  return new Map(alerting.tiers.map((tier) => [tier.name, labelSet({ __name__: 'ALERTS', alertname: alerting.alertName, alertstate: 'firing', ...recorded, ...burnRateAlertLabels(slo, alerting, tier) })]));
});

function alertSeriesLabelSet(slo: Slo, tierName: string): string {
  return alertSeriesLabelSets(slo).get(tierName)!;
}

/** The nearest evaluation to `t`, moving in `direction`, at which every tier's predicted state is stable. */
function stableAround(slo: Slo, timeline: Timeline, t: number, direction: 1 | -1): [number, ReadonlySet<string>] | undefined {
  const tiers = slo.alerting!.tiers;
  const step = timeline.step;
  const marginOf = (name: string) => margin(tiers.find((tier) => tier.name === name)!, step);
  const from = direction === 1 ? roundUp(t, step) : Math.floor(t / step) * step;
  for (let m = from; m >= 0 && m <= timeline.length && Math.abs(m - t) <= 3 * SETTLE * step; m += direction * step) {
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
