/**
 * Random valid configs for the property tests: every SLI kind, custom and default tiers,
 * objectives from 50%, SLOs of a service sharing a metric and an alert name, group labels
 * matched by regex, set or negation, long names,
 * groupBy, labels and descriptions full of quotes, backslashes, newlines, braces and
 * non-ASCII text, with or without Alertmanager routing. Valid by construction: a config
 * the validator rejects fails the property.
 */
import fc from 'fast-check';
import type { AlertingConfig, SliConfig, SloConfig, SloforgeConfig, ServiceConfig, TierConfig } from '../../src/config/types.ts';
import { parseDuration } from '../../src/model/duration.ts';
import { DEFAULT_TIERS } from '../../src/model/windows.ts';
import { RAW_WINDOW_PLACEHOLDER, RESERVED_LABELS } from '../../src/model/conventions.ts';

export interface Options {
  /**
   * Day-long windows (the default tiers among them) make promtool simulate days minute
   * by minute; the quick runs keep every window within hours.
   */
  readonly dayLongWindows: boolean;
  /** A 366d period: 8,784 hourly tiles, cheap to check, minutes of promtool unit tests. */
  readonly yearPeriods?: boolean;
}

const SEVERITIES = ['critical', 'warning', 'info'] as const;
const NO_DEFAULT_TIERS = Object.fromEntries(Object.keys(DEFAULT_TIERS).map((tier) => [tier, false as const]));

/** Text a user might write anywhere: the characters that break PromQL, YAML and Go templates, and non-ASCII. */
export const awkwardText = fc
  .array(fc.oneof(fc.constantFrom('"', "'", '\\', '\n', '{{', '}}', '}', '{', '$value', '`', ': ', '# ', '- ', '%', 'é', '日本', '🔥', '\t', '&', '*'), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join(''));

const labelName = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/).filter((name) => !RESERVED_LABELS.includes(name) && name !== 'le' && name !== 'job');
/** Label values the validator accepts: not empty (Prometheus drops those), no "{{" or "}}" (Prometheus would run them as templates). */
const labelValue = awkwardText.filter((value) => value !== '' && !value.includes('{{') && !value.includes('}}'));
const labels = fc.dictionary(labelName, labelValue, { maxKeys: 2 });
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);
/** Service names up to the 36 characters a service name may have: they become file names, job labels and dashboard uids. */
const serviceName = fc.oneof(name, name, fc.stringMatching(/^[a-z][a-z0-9_-]{30,35}$/));
/** A PromQL string literal: Go's escapes are a superset of JSON's. */
const quoted = (value: string) => JSON.stringify(value);

/** A job and its matchers: values with quotes, backslashes and non-ASCII, all escaped. */
const selectorScope = fc.record({ job: fc.oneof(name, labelValue), extra: fc.option(fc.tuple(fc.constantFrom('region', 'zone'), labelValue), { nil: undefined }) });
type Scope = { job: string; extra: [string, string] | undefined; more?: readonly string[] };
const matchers = (scope: Scope, more = '') => `{job=${quoted(scope.job)}${scope.extra ? `,${scope.extra[0]}=${quoted(scope.extra[1])}` : ''}${(scope.more ?? []).map((m) => `,${m}`).join('')}${more}}`;

const errorCodes = fc.constantFrom('code=~"5.."', 'code=~"(5..|429)"', 'status="error"', 'code!~"2..|3.."');

/**
 * Where an SLO's selectors look: the service's shared scope (so SLOs of a service read
 * one metric, and one's series may feed another's rules) or one of its own; narrowed to
 * a subset of requests or not; and a route matcher, by regex, set or negation, that the
 * groupBy route label must satisfy.
 */
function sloScope(serviceScope: Scope, groupBy: readonly string[]): fc.Arbitrary<Scope> {
  return fc
    .record({
      scope: fc.oneof<fc.Arbitrary<Scope>[]>(fc.constant(serviceScope), fc.constant(serviceScope), selectorScope),
      narrow: fc.option(fc.constantFrom('verb=~"LIST|GET"', 'verb=~"POST|PUT|PATCH|DELETE"', 'verb!="WATCH"', 'route="/login"'), { nil: undefined }),
      route: fc.option(fc.constantFrom('route=~"/api.*"', 'route=~"/a|/b"', 'route!="/health"', 'route!~"/health|/metrics"'), { nil: undefined }),
    })
    .map(({ scope, narrow, route }) => {
      // A groupBy label the scope fixes (route="/login") is refused by validation: one group only.
      const more = [...(narrow && !(narrow.startsWith('route') && groupBy.includes('route')) ? [narrow] : []), ...(route && groupBy.includes('route') ? [route] : [])];
      return { ...scope, more: [...(scope.more ?? []), ...more] };
    });
}

function sli(groupBy: readonly string[], selectorScope: fc.Arbitrary<Scope>): fc.Arbitrary<SliConfig> {
  const by = groupBy.length ? { groupBy: [...groupBy] } : {};
  return fc.oneof(
    fc.tuple(selectorScope, errorCodes, fc.boolean()).map(([scope, errors, good]): SliConfig => ({
      ratio: { ...(good ? { good: `http_requests_total${matchers(scope, ',code!~"5.."')}` } : { errors: `http_requests_total${matchers(scope, `,${errors}`)}` }), total: `http_requests_total${matchers(scope)}`, ...by },
    })),
    fc.tuple(selectorScope, fc.constantFrom<string | number>(0.1, 0.25, 1, 2.5, '100ms', '300ms', '1s')).map(([scope, threshold]): SliConfig => ({
      latency: { histogram: `http_request_duration_seconds${matchers(scope)}`, threshold, ...by },
    })),
    fc.tuple(selectorScope, fc.constantFrom('probe_success', 'up')).map(([scope, gauge]): SliConfig => ({ uptime: { gauge: `${gauge}${matchers(scope)}`, ...by } })),
    fc.tuple(selectorScope, errorCodes).map(([scope, errors]): SliConfig => {
      const sumBy = groupBy.length ? ` by (${groupBy.join(', ')})` : '';
      const rate = (selector: string) => `sum${sumBy} (rate(http_requests_total${selector}[${RAW_WINDOW_PLACEHOLDER}]))`;
      return { raw: { errorRatio: `${rate(matchers(scope, `,${errors}`))} / ${rate(matchers(scope))}`, ...by } };
    }),
  );
}

const SHORT_WINDOWS = ['1m', '3m', '5m', '10m', '15m', '30m'];
const LONG_WINDOWS = ['30m', '1h', '2h', '3h', '6h'];
const DAY_LONG_WINDOWS = ['12h', '1d', '2d'];

/** Tiers that can fire: each one's factor leaves room below an error ratio of 1. */
function customTiers(objective: number, periodSeconds: number, options: Options, severities: readonly string[]): fc.Arbitrary<Record<string, TierConfig>> {
  const longWindows = options.dayLongWindows ? [...LONG_WINDOWS, ...DAY_LONG_WINDOWS] : LONG_WINDOWS;
  const tier = fc
    .record({
      longWindow: fc.constantFrom(...longWindows.filter((w) => parseDuration(w)! < periodSeconds)),
      short: fc.nat(SHORT_WINDOWS.length - 1),
      share: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
      for: fc.constantFrom(undefined, '0s', '1m', '2m', '5m'),
      severity: fc.constantFrom(...severities),
      minRequestRate: fc.option(fc.constantFrom(0.01, 0.5, 1), { nil: undefined }),
      labels: labels,
    })
    .map(({ longWindow, short, share, severity, labels, ...rest }): TierConfig => {
      const longSeconds = parseDuration(longWindow)!;
      const shortWindows = SHORT_WINDOWS.filter((w) => parseDuration(w)! < longSeconds);
      // factor = budget share × period / long window; at most 0.9 / (1 - objective), so it can fire.
      const maxPercent = Math.min(100, (100 * 0.9 * longSeconds) / ((1 - objective) * periodSeconds));
      const budgetPercent = Number((share * maxPercent).toPrecision(3));
      return { longWindow, shortWindow: shortWindows[short % shortWindows.length], budgetPercent, severity, ...(Object.keys(labels).length ? { labels } : {}), ...omitUndefined(rest) };
    });
  return fc
    .uniqueArray(fc.tuple(fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,7}$/), tier), { minLength: 1, maxLength: 3, selector: ([n]) => n })
    .map((entries) => {
      // Two tiers with the same windows would be indistinguishable; keep the first.
      const seen = new Set<string>();
      return Object.fromEntries(entries.filter(([, t]) => !seen.has(`${t.longWindow}/${t.shortWindow}`) && seen.add(`${t.longWindow}/${t.shortWindow}`)));
    });
}

function slo(options: Options, severities: readonly string[], serviceScope: Scope): fc.Arbitrary<SloConfig> {
  return fc
    .record({
      name,
      // Down to 50%: below 95% a tier's short window can outlast the outage its test checks.
      objective: fc.oneof(fc.constantFrom(95, 99, 99.5, 99.9, 99.95, 99.99), fc.constantFrom(50, 75, 90), fc.integer({ min: 5000, max: 9999 }).map((n) => n / 100)),
      period: fc.constantFrom('1d', '7d', '28d', '30d', '30d', ...(options.yearPeriods ? ['366d'] : [])),
      description: fc.option(awkwardText, { nil: undefined }),
      labels,
      groupBy: fc.subarray(['route', 'instance_group']),
      alertingKind: fc.constantFrom('custom', 'custom', 'custom', 'off', ...(options.dayLongWindows ? ['defaults'] : [])),
      // Mostly one name for the service's SLOs (the default, or a shared one): promtool's alert tests match by name alone.
      alerting: fc.record({ name: fc.oneof(fc.constant(undefined), fc.constant(undefined), fc.constant('Shared-Burn.rate'), fc.stringMatching(/^[\p{L}_][\p{L}\p{N}_.-]{0,15}$/u)), runbookUrl: fc.option(fc.webUrl(), { nil: undefined }), labels, noData: fc.constantFrom(undefined, false, { for: '10m' }) }),
    })
    .filter(({ labels, groupBy }) => !groupBy.some((label) => label in labels))
    .chain(({ groupBy, alertingKind, alerting, ...rest }) => {
      const periodSeconds = parseDuration(rest.period)!;
      const objective = rest.objective / 100;
      // Default tiers need their factors reachable (an error ratio below 1), and windows within the period.
      const defaultsFit =
        periodSeconds >= 7 * 86400 && Object.values(DEFAULT_TIERS).every((t) => ((t.budgetPercent / 100) * periodSeconds * (1 - objective)) / parseDuration(t.longWindow)! < 0.9);
      // Custom tiers replace the defaults, whose windows they might repeat.
      const tiers: fc.Arbitrary<Record<string, TierConfig | false> | undefined> =
        alertingKind === 'custom' || (alertingKind === 'defaults' && !defaultsFit)
          ? customTiers(objective, periodSeconds, options, severities).map((t) => ({ ...NO_DEFAULT_TIERS, ...t }))
          : fc.constant(undefined);
      return fc.tuple(sli(groupBy, sloScope(serviceScope, groupBy)), tiers).map(([sliConfig, tierConfig]): SloConfig => {
        const requestless = 'uptime' in sliConfig || 'raw' in sliConfig;
        const withTiers = tierConfig ? { tiers: Object.fromEntries(Object.entries(tierConfig).map(([n, t]) => [n, requestless && t ? omitUndefined({ ...t, minRequestRate: undefined }) : t])) } : {};
        const alertingConfig: AlertingConfig | false = alertingKind === 'off' ? false : (omitUndefined({ ...alerting, labels: Object.keys(alerting.labels).length ? alerting.labels : undefined, ...withTiers }) as AlertingConfig);
        return omitUndefined({ ...rest, labels: Object.keys(rest.labels).length ? rest.labels : undefined, sli: sliConfig, alerting: alertingConfig }) as SloConfig;
      });
    });
}

function service(options: Options, severities: readonly string[]): fc.Arbitrary<ServiceConfig> {
  return selectorScope.chain((scope) =>
    fc
      .record({
        name: serviceName,
        labels: fc.option(labels, { nil: undefined }),
        slos: fc.uniqueArray(slo(options, severities, scope), { minLength: 1, maxLength: 3, selector: (s) => s.name }),
      })
      .map((s) => omitUndefined(s) as ServiceConfig),
  );
}

export function config(options: Options): fc.Arbitrary<SloforgeConfig> {
  return fc.boolean().chain((routed) => {
    const severities = routed ? SEVERITIES : (['page', 'ticket'] as const);
    return fc
      .record({
        services: fc.uniqueArray(service(options, severities), { minLength: 1, maxLength: 2, selector: (s) => s.name }),
        routed: fc.constant(routed),
        // Durations at and near each field's bound (checks.ts DURATION_BOUNDS), which Alertmanager must still take.
        timing: fc.record({
          groupWait: fc.constantFrom(undefined, '1d', '23h59m59s', '0s'),
          groupInterval: fc.constantFrom(undefined, '366d', '8783h59m'),
          repeatInterval: fc.constantFrom(undefined, '366d', '365d23h59m59s', '1m'),
        }).map(omitUndefined),
      })
      .map(({ services, routed, timing }): SloforgeConfig => ({
        services,
        ...(routed
          ? {
              alertmanager: {
                severities: { critical: { receiver: 'oncall', responseTarget: 'now', ...timing }, warning: { receiver: 'team' }, info: { receiver: 'hook', ...timing } },
                receivers: { oncall: { pagerduty: { routingKeyFile: '/run/secrets/pd' } }, team: { slack: { apiUrlFile: '/run/secrets/slack', channel: '#team' } }, hook: { webhook: { url: 'http://hooks.example.com/alerts' } } },
                defaultReceiver: 'hook',
              },
            }
          : {}),
      }));
  });
}

function omitUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
