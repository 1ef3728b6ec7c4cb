import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.ts';
import { ConfigError, type Diagnostic } from '../../src/config/diagnostics.ts';
import { withSampleValues } from '../../src/config/dashboards-to-model.ts';

type Config = { services: Record<string, any>[]; [key: string]: unknown };

const valid = (): Config => ({
  services: [
    {
      name: 'checkout',
      slos: [
        {
          name: 'availability',
          objective: 99.9,
          sli: { ratio: { errors: 'http_requests_total{job="checkout",code=~"5.."}', total: 'http_requests_total{job="checkout"}' } },
        },
      ],
    },
  ],
});

const routing = () => ({ severities: { critical: { receiver: 'pd' }, warning: { receiver: 'pd' } }, receivers: { pd: { pagerduty: { routingKeyFile: '/run/pd' } } }, defaultReceiver: 'pd' });

const slo = (config: Config) => config.services[0]!.slos[0] as Record<string, any>;

function problems(change: (config: Config) => unknown): Diagnostic[] {
  const config = valid();
  change(config);
  try {
    validateConfig(config, 'slo.config.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return [...error.diagnostics];
    throw error;
  }
  return [];
}

describe('a valid config', () => {
  it('passes and is normalized with defaults', () => {
    const model = validateConfig(valid(), 'slo.config.yaml');
    const only = model.services[0]!.slos[0]!;
    expect(only.period.text).toBe('30d');
    expect(only.alerting?.tiers.map((t) => [t.name, t.factor, t.severity])).toEqual([
      ['fastPage', 14.4, 'critical'],
      ['slowPage', 6, 'critical'],
      ['fastTicket', 3, 'warning'],
      ['slowTicket', 1, 'warning'],
    ]);
  });
});

describe('an invalid config is rejected with the path and what is expected', () => {
  const cases: [string, (config: Config) => unknown, string, string | RegExp][] = [
    ['no services', (c) => delete (c as Record<string, unknown>).services, 'services', 'is required'],
    ['an empty service list', (c) => (c.services = []), 'services', 'must have at least 1 item(s)'],
    ['a misspelt top-level field', (c) => ((c as Record<string, unknown>).servics = []), 'servics', 'unknown field; did you mean "services"?'],
    ['an upper-case service name', (c) => (c.services[0]!.name = 'Checkout'), 'services[0].name', 'must be lowercase letters, digits, "-" and "_"'],
    ['a service name with a slash', (c) => (c.services[0]!.name = 'shop/checkout'), 'services[0].name', 'must be lowercase letters'],
    ['a service name with "..": a path outside the output', (c) => (c.services[0]!.name = '..'), 'services[0].name', 'must be lowercase letters'],
    ['two services of one name', (c) => c.services.push(structuredClone(c.services[0]!)), 'services[1].name', 'duplicate service name "checkout"'],
    ['two SLOs of one name', (c) => c.services[0]!.slos.push(structuredClone(slo(c))), 'services[checkout].slos[1].name', 'duplicate SLO name "availability"'],
    ['a misspelt SLO field', (c) => ((slo(c).objetive = 99), delete slo(c).objective), 'services[checkout].slos[availability].objetive', 'did you mean "objective"?'],
    ['a missing objective', (c) => delete slo(c).objective, 'services[checkout].slos[availability].objective', 'is required'],
    ['an objective given as a ratio', (c) => (slo(c).objective = 0.999), 'services[checkout].slos[availability].objective', 'is a percentage (0 < objective < 100); 0.999 means 0.999%. Did you mean 99.9?'],
    ['an objective of 100', (c) => (slo(c).objective = 100), 'services[checkout].slos[availability].objective', 'must be < 100'],
    ['an objective of 0', (c) => (slo(c).objective = 0), 'services[checkout].slos[availability].objective', 'must be > 0'],
    ['an objective as text', (c) => (slo(c).objective = '99.9'), 'services[checkout].slos[availability].objective', 'must be a number'],
    ['a period in words', (c) => (slo(c).period = '30days'), 'services[checkout].slos[availability].period', 'must be a Prometheus duration such as "5m", "1h30m" or "30d"'],
    ['a period shorter than a day', (c) => (slo(c).period = '12h'), 'services[checkout].slos[availability].period', 'must be at least 1d'],
    ['a period shorter than an alert window', (c) => (slo(c).period = '2d'), 'services[checkout].slos[availability].period', 'is shorter than the long window (3d) of the default tier slowTicket: lengthen the period; or give tier slowTicket a shorter longWindow (alerting.tiers.slowTicket.longWindow), or switch it off (alerting.tiers.slowTicket: false)'],
    ['a written long window longer than the period', (c) => ((slo(c).period = '2d'), (slo(c).alerting = { tiers: { slowTicket: { longWindow: '3d' } } })), 'services[checkout].slos[availability].alerting.tiers.slowTicket.longWindow', 'must not be longer than the SLO period (2d), got 3d'],
    ['a period spelled like a default tier\'s window', (c) => (slo(c).period = '3d'), 'services[checkout].slos[availability].period', 'is 3d, spelled like the long window of the default tier slowTicket, which would then fire up to an hour late: spell the period another way (72h)'],
    ['an SLI of no kind', (c) => (slo(c).sli = {}), 'services[checkout].slos[availability].sli', 'must have exactly one of "ratio", "latency", "uptime", "raw"'],
    ['an SLI of two kinds', (c) => (slo(c).sli.uptime = { gauge: 'up' }), 'services[checkout].slos[availability].sli', 'must have exactly one of'],
    ['an unknown SLI kind', (c) => (slo(c).sli = { ratios: {} }), 'services[checkout].slos[availability].sli.ratios', 'did you mean "ratio"?'],
    ['a ratio with both errors and good', (c) => (slo(c).sli.ratio.good = 'http_requests_total{code="200"}'), 'services[checkout].slos[availability].sli.ratio', 'needs exactly one of "errors" (failed events) or "good"'],
    ['a ratio without total', (c) => delete slo(c).sli.ratio.total, 'services[checkout].slos[availability].sli.ratio.total', 'is required'],
    ['a selector with a missing brace', (c) => (slo(c).sli.ratio.errors = 'http_requests_total{code=~"5.."'), 'services[checkout].slos[availability].sli.ratio.errors', /^invalid PromQL at column 32 \(unexpected end\)/],
    ['an expression where a selector goes', (c) => (slo(c).sli.ratio.total = 'sum(rate(http_requests_total[5m]))'), 'services[checkout].slos[availability].sli.ratio.total', 'must be a series selector such as metric{label="value"}, not an expression'],
    ['a latency threshold with a space', (c) => (slo(c).sli = { latency: { histogram: 'h_seconds', threshold: '100 ms' } }), 'services[checkout].slos[availability].sli.latency.threshold', 'must be a duration such as "100ms" or a number of seconds above 0'],
    ['a negative latency threshold', (c) => (slo(c).sli = { latency: { histogram: 'h_seconds', threshold: -1 } }), 'services[checkout].slos[availability].sli.latency.threshold', 'above 0'],
    ['a histogram named with its suffix', (c) => (slo(c).sli = { latency: { histogram: 'h_seconds_bucket{job="a"}', threshold: 0.1 } }), 'services[checkout].slos[availability].sli.latency.histogram', 'names the histogram without its suffix: "h_seconds"'],
    ['an uptime SLI without a gauge', (c) => (slo(c).sli = { uptime: {} }), 'services[checkout].slos[availability].sli.uptime.gauge', 'is required'],
    ['a raw SLI without $window', (c) => (slo(c).sli = { raw: { errorRatio: 'rate(errors_total[5m]) / rate(total[5m])' } }), 'services[checkout].slos[availability].sli.raw.errorRatio', 'must contain $window'],
    ['a raw SLI that does not parse', (c) => (slo(c).sli = { raw: { errorRatio: 'rate(errors_total[$window]) / ' } }), 'services[checkout].slos[availability].sli.raw.errorRatio', /^invalid PromQL at column \d+ \(unexpected end\) \(with \$window read as 5m\)/],
    ['a reserved service label', (c) => (c.services[0]!.labels = { severity: 'high' }), 'services[checkout].labels.severity', 'label "severity" is set by sloforge'],
    ['an invalid label name', (c) => (c.services[0]!.labels = { 'team-name': 'x' }), 'services[checkout].labels["team-name"]', 'is not a valid name: must be a Prometheus label name'],
    ['a label value that is not text', (c) => (c.services[0]!.labels = { team: 7 }), 'services[checkout].labels.team', 'must be a string'],
    ['a groupBy label sloforge owns', (c) => (slo(c).sli.ratio.groupBy = ['severity']), 'services[checkout].slos[availability].sli.ratio.groupBy.severity', 'label "severity" is set by sloforge'],
    ['a groupBy on a metric\'s service and its exported_service', (c) => (slo(c).sli.ratio.groupBy = ['service', 'exported_service']), 'services[checkout].slos[availability].sli.ratio.groupBy', 'groups by both "service" and "exported_service": sloforge records the metric\'s own "service" as "exported_service"'],
    ['a groupBy on a metric\'s slo beside an SLO label exported_slo', (c) => ((slo(c).labels = { exported_slo: 'x' }), (slo(c).sli.ratio.groupBy = ['slo'])), 'services[checkout].slos[availability].sli', 'groups by "exported_slo", which the SLO\'s labels also set'],
    ['a tier switched on with true', (c) => (slo(c).alerting = { tiers: { fastPage: true } }), 'services[checkout].slos[availability].alerting.tiers.fastPage', 'must be an object, or false to switch it off'],
    ['a new tier without its windows', (c) => (slo(c).alerting = { tiers: { weekly: { budgetPercent: 20 } } }), 'services[checkout].slos[availability].alerting.tiers.weekly.longWindow', 'is required for a tier that is not one of the defaults'],
    ['a short window as long as the long one', (c) => (slo(c).alerting = { tiers: { fastPage: { shortWindow: '1h' } } }), 'services[checkout].slos[availability].alerting.tiers.fastPage.shortWindow', 'must be shorter than the long window (1h), got 1h'],
    ['a short window under 1m', (c) => (slo(c).alerting = { tiers: { fastPage: { shortWindow: '30s' } } }), 'services[checkout].slos[availability].alerting.tiers.fastPage.shortWindow', 'the short window (30s) must be at least 1m: windows are summed from the per-minute increases'],
    ['a short window under 5m that is no whole number of minutes', (c) => (slo(c).alerting = { tiers: { fastPage: { shortWindow: '2m30s' } } }), 'services[checkout].slos[availability].alerting.tiers.fastPage.shortWindow', 'must be a whole number of minutes below 5m: windows are summed from the per-minute increases; use 2m or 3m'],
    ['a default short window (a twelfth) under 5m that is no whole number of minutes', (c) => (slo(c).alerting = { tiers: { quick: { budgetPercent: 1, longWindow: '30m', severity: 'critical' } } }), 'services[checkout].slos[availability].alerting.tiers.quick.longWindow', 'the short window (2m30s) must be a whole number of minutes below 5m'],
    ['a budget share of 0', (c) => (slo(c).alerting = { tiers: { fastPage: { budgetPercent: 0 } } }), 'services[checkout].slos[availability].alerting.tiers.fastPage.budgetPercent', 'must be > 0'],
    ['a default tier that can never fire', (c) => (slo(c).objective = 90), 'services[checkout].slos[availability].objective', 'leaves the default tier fastPage (2% of the budget in 1h) unable to fire: at 14.4x the budget it needs an error ratio of 144%; raise the objective, or set alerting.tiers.fastPage.budgetPercent lower or its longWindow longer'],
    ['a top-level tier that can never fire for one SLO', (c) => ((slo(c).objective = 99), (c.alerting = { tiers: { fastPage: { budgetPercent: 20 } } })), 'alerting.tiers.fastPage.budgetPercent', 'can never fire: at 144x the budget it needs an error ratio of 144%; lower budgetPercent or lengthen longWindow (for services[checkout].slos[availability])'],
    ['two tiers with the same windows', (c) => (slo(c).alerting = { tiers: { again: { budgetPercent: 3, longWindow: '1h', severity: 'warning' } } }), 'services[checkout].slos[availability].alerting.tiers.again', 'has the same windows (1h/5m) as tier "fastPage"; their alerts would be indistinguishable'],
    ['an alert name with a space', (c) => (c.alerting = { name: 'Error Budget' }), 'alerting.name', 'must be an alert name: letters, digits, "_", "-" and "."'],
    ['a no-data wait in words', (c) => (slo(c).alerting = { noData: { for: 'soon' } }), 'services[checkout].slos[availability].alerting.noData.for', 'must be a Prometheus duration'],
    ['an SLI-broken wait in words', (c) => (slo(c).alerting = { sliBroken: { for: 'soon' } }), 'services[checkout].slos[availability].alerting.sliBroken.for', 'must be a Prometheus duration'],
    ['an SLI-broken severity that is not a declared level', (c) => ((c.alertmanager = routing()), (slo(c).alerting = { sliBroken: { severity: 'page' } })), 'services[checkout].slos[availability].alerting.sliBroken.severity', 'is not one of alertmanager.severities'],
    ['a long-window interval over 5m', (c) => (c.rules = { longWindowInterval: '10m' }), 'rules.longWindowInterval', 'must be at most 5m'],
    ['a scrape job with both targets and file discovery', (c) => (c.services[0]!.scrape = { targets: ['a:80'], fileSd: ['x.json'] }), 'services[checkout].scrape', 'needs exactly one of "targets"'],
    ['a scrape target without a port', (c) => (c.services[0]!.scrape = { targets: ['checkout'] }), 'services[checkout].scrape.targets[0]', 'must be an address "host:port"'],
    ['a scrape password written inline', (c) => (c.services[0]!.scrape = { targets: ['a:80'], basicAuth: { username: 'u', password: 'hunter2' } }), 'services[checkout].scrape.basicAuth.password', 'is a secret written inline; sloforge never puts secrets in its output: write it to a file and set "passwordFile"'],
    ['a probe module that does not exist', (c) => (c.services[0]!.probes = { prober: 'bb:9115', endpoints: [{ name: 'health', url: 'http://a/health', module: 'http_3xx' }] }), 'services[checkout].probes.endpoints[health].module', 'must be one of "http_2xx", "tcp_connect"'],
    ['two probe endpoints of one name', (c) => (c.services[0]!.probes = { prober: 'bb:9115', endpoints: [{ name: 'health', url: 'http://a/h' }, { name: 'health', url: 'http://a/x' }] }), 'services[checkout].probes.endpoints[1].name', 'duplicate probe endpoint name "health" (also at services[checkout].probes.endpoints[0])'],
    ['a threshold alert of two kinds', (c) => (c.services[0]!.alerts = [{ name: 'X', severity: 'critical', summary: 's', expr: 'up == 0', diskFull: { below: 0.1 } }]), 'services[checkout].alerts[X]', 'needs exactly one condition of'],
    ['a threshold alert of no kind', (c) => (c.services[0]!.alerts = [{ name: 'X', severity: 'critical', summary: 's' }]), 'services[checkout].alerts[X]', 'needs exactly one condition of'],
    ['ServiceDown without a scrape job', (c) => (c.services[0]!.alerts = [{ name: 'Down', severity: 'critical', summary: 's', serviceDown: {} }]), 'services[checkout].alerts[Down].serviceDown', 'needs the service\'s "scrape" section'],
    ['a probe alert on an endpoint that is not probed', (c) => ((c.services[0]!.probes = { prober: 'bb:9115', endpoints: [{ name: 'live', url: 'http://a/live' }] }), (c.services[0]!.alerts = [{ name: 'NotReady', severity: 'warning', summary: 's', probeFailed: { endpoint: 'ready' } }])), 'services[checkout].alerts[NotReady].probeFailed.endpoint', 'names no probe endpoint; the service probes "live"'],
    ['an error-rate threshold given in percent', (c) => (c.services[0]!.alerts = [{ name: 'E', severity: 'critical', summary: 's', errorRate: { errors: 'e', total: 't', above: 5 } }]), 'services[checkout].alerts[E].errorRate.above', 'must be < 1'],
    ['a threshold expression that does not parse', (c) => (c.services[0]!.alerts = [{ name: 'E', severity: 'critical', summary: 's', expr: 'rate(x[5m] > 1' }]), 'services[checkout].alerts[E].expr', 'invalid PromQL at column'],
    ['a PagerDuty key written inline', (c) => (c.alertmanager = { ...routing(), receivers: { pd: { pagerduty: { routingKey: 'abc123' } } } }), 'alertmanager.receivers.pd.pagerduty.routingKey', 'is a secret written inline; sloforge never puts secrets in its output: write it to a file and set "routingKeyFile"'],
    ['a Slack webhook URL written inline', (c) => (c.alertmanager = { ...routing(), receivers: { pd: { slack: { apiUrl: 'https://hooks.slack.com/x', channel: '#a' } } } }), 'alertmanager.receivers.pd.slack.apiUrl', 'write it to a file and set "apiUrlFile"'],
    ['a severity routed to no receiver', (c) => (c.alertmanager = { ...routing(), severities: { critical: { receiver: 'nobody' }, warning: { receiver: 'pd' } } }), 'alertmanager.severities.critical.receiver', 'names no receiver; receivers are "pd"'],
    ['a reserved label in the top-level alerting labels', (c) => (c.alerting = { labels: { slo: 'x' } }), 'alerting.labels.slo', 'label "slo" is set by sloforge'],
    ['a label value that Prometheus would run as a template', (c) => (c.services[0]!.labels = { team: '{{ $value }}' }), 'services[checkout].labels.team', 'label values may not contain "{{" or "}}"'],
    ['a groupBy label the SLO also sets', (c) => ((c.services[0]!.labels = { route: 'all' }), (slo(c).sli.ratio.groupBy = ['route'])), 'services[checkout].slos[availability].sli', 'groups by "route", which the SLO\'s labels also set'],
    ['a tier window spelled like the period', (c) => ((slo(c).period = '3d'), (slo(c).alerting = { tiers: { slowTicket: { longWindow: '3d' } } })), 'services[checkout].slos[availability].alerting.tiers.slowTicket.longWindow', 'a window spelled like the SLO period (3d)'],
    ['a duration with its units out of order', (c) => (slo(c).period = '5m1h'), 'services[checkout].slos[availability].period', 'must be a duration with each unit once, largest first'],
    ['a scrape timeout longer than the interval', (c) => (c.prometheus = { scrapeInterval: '15s', scrapeTimeout: '30s' }), 'prometheus.scrapeTimeout', 'must not be longer than scrapeInterval (15s), got 30s'],
    ['a job timeout longer than its interval', (c) => (c.services[0]!.scrape = { targets: ['a:80'], interval: '5s', timeout: '10s' }), 'services[checkout].scrape.timeout', 'must not be longer than the scrape interval (5s), got 10s'],
    ['a minimum request rate on an uptime SLI', (c) => ((slo(c).sli = { uptime: { gauge: 'up' } }), (slo(c).alerting = { tiers: { fastPage: { minRequestRate: 1 } } })), 'services[checkout].slos[availability].alerting.tiers.fastPage.minRequestRate', 'counts requests, which an uptime SLI has none of'],
    ['severity levels named by numbers', (c) => (c.alertmanager = { ...routing(), severities: { '1': { receiver: 'pd' }, '2': { receiver: 'pd' } } }), 'alertmanager.severities["1"]', 'severity names must not be plain numbers'],
    ['a dashboard uid of the generated ones', (c) => (c.dashboards = [{ title: 'Mine', uid: 'slo-overview', rows: [{ title: 'r', panels: [{ title: 'p', type: 'stat', query: 'up' }] }] }]), 'dashboards[Mine].uid', 'uids starting with "slo-" belong to the generated SLO dashboards'],
    ['a dashboard query with an undeclared variable', (c) => (c.dashboards = [{ title: 'Mine', rows: [{ title: 'r', panels: [{ title: 'p', type: 'stat', query: 'up{job="$job"}' }] }] }]), 'dashboards[Mine].rows[r].panels[p].query', 'uses $job, which is not a variable of this dashboard'],
    ['an alert severity that is not a declared level', (c) => (c.alertmanager = { ...routing(), severities: { critical: { receiver: 'pd' } } }), 'alertmanager.severities', 'has no "warning", which the default tiers fastTicket and slowTicket, and the no-data alert use by default; declare "warning" here, or set alerting.tiers.fastTicket.severity, alerting.tiers.slowTicket.severity and alerting.noData.severity to one of "critical"'],
    ['the no-data alert\'s default severity not declared', (c) => ((c.alertmanager = { ...routing(), severities: { critical: { receiver: 'pd' } } }), (c.alerting = { tiers: { fastTicket: { severity: 'critical' }, slowTicket: { severity: 'critical' } } })), 'alertmanager.severities', 'has no "warning", which the no-data alert uses by default; declare "warning" here, or set alerting.noData.severity to one of "critical"'],
    ['a written tier severity not declared', (c) => ((c.alertmanager = routing()), (c.alerting = { tiers: { fastPage: { severity: 'page' } } })), 'alerting.tiers.fastPage.severity', 'severity "page" is not one of alertmanager.severities (critical, warning)'],
  ];

  it.each(cases)('%s', (_, change, path, message) => {
    const found = problems(change);
    expect(found.map((d) => d.path)).toContain(path);
    const messages = found.filter((d) => d.path === path).map((d) => d.message);
    expect(messages.some((m) => (typeof message === 'string' ? m.includes(message) : message.test(m))), `messages at ${path}: ${JSON.stringify(messages)}`).toBe(true);
  });

  it('reports a top-level value once, however many SLOs it is wrong for', () => {
    const found = problems((c) => {
      c.alertmanager = routing();
      c.alerting = { tiers: { fastPage: { severity: 'page' } } };
      c.services[0]!.slos.push({ ...structuredClone(slo(c)), name: 'second' });
    });
    expect(found).toEqual([{ path: 'alerting.tiers.fastPage.severity', message: 'severity "page" is not one of alertmanager.severities (critical, warning)' }]);
  });

  it('reports every problem at once, not just the first', () => {
    const found = problems((c) => {
      c.services[0]!.name = 'Bad';
      slo(c).objective = 0.5;
      slo(c).period = 'month';
    });
    expect(found.map((d) => d.path)).toEqual(expect.arrayContaining(['services[0].name', 'services[0].slos[availability].period']));
    // Meaning is checked only once the shape is right: the objective's percent hint waits for the shape errors.
    expect(found.length).toBeGreaterThanOrEqual(2);
  });

  it('lets a tier switched off for all SLOs be switched on again, with its defaults, for one', () => {
    const config = valid();
    (config as Record<string, unknown>).alerting = { tiers: { fastTicket: false } };
    slo(config).alerting = { tiers: { fastTicket: { for: '2h' } } };
    const tier = validateConfig(config, 'slo.config.yaml').services[0]!.slos[0]!.alerting!.tiers.find((t) => t.name === 'fastTicket')!;
    expect([tier.longWindow.text, tier.factor, tier.for.text]).toEqual(['1d', 3, '2h']);
  });

  it('merges no-data settings field by field', () => {
    const config = valid();
    (config as Record<string, unknown>).alerting = { noData: { severity: 'critical' } };
    slo(config).alerting = { noData: { for: '30m' } };
    const noData = validateConfig(config, 'slo.config.yaml').services[0]!.slos[0]!.alerting!.noData!;
    expect([noData.severity, noData.for.text]).toEqual(['critical', '30m']);
  });

  it('gives SLIBroken a 10m wait and the warning severity, merged field by field, or none when switched off', () => {
    const config = valid();
    expect(validateConfig(config, 'slo.config.yaml').services[0]!.slos[0]!.alerting!.sliBroken).toEqual({ for: { text: '10m', seconds: 600 }, severity: 'warning', annotations: {} });
    (config as Record<string, unknown>).alerting = { sliBroken: { severity: 'info' } };
    slo(config).alerting = { sliBroken: { for: '30m' } };
    const merged = validateConfig(config, 'slo.config.yaml').services[0]!.slos[0]!.alerting!.sliBroken!;
    expect([merged.severity, merged.for.text]).toEqual(['info', '30m']);
    slo(config).alerting = { sliBroken: false };
    expect(validateConfig(config, 'slo.config.yaml').services[0]!.slos[0]!.alerting!.sliBroken).toBeUndefined();
  });

  it('gives SLIBroken the least urgent declared severity when alertmanager.severities has no warning', () => {
    const config = valid();
    (config as Record<string, unknown>).alertmanager = { ...routing(), severities: { critical: { receiver: 'pd' }, low: { receiver: 'pd', responseTarget: 'next day' } } };
    (config as Record<string, unknown>).alerting = { tiers: { fastTicket: { severity: 'low' }, slowTicket: { severity: 'low' } }, noData: { severity: 'critical' } };
    const sliBroken = validateConfig(config, 'slo.config.yaml').services[0]!.slos[0]!.alerting!.sliBroken!;
    expect([sliBroken.severity, sliBroken.annotations]).toEqual(['low', { response_target: 'next day' }]);
  });

  it("accepts Grafana's built-in variables in dashboard queries, each filled in as the kind of value it stands for", () => {
    const config = valid();
    const query = 'sum(increase(http_requests_total{dashboard="${__dashboard}",user="${__user.login}"}[$__range])) / $__range_s + ${__from:date:seconds} * 0 + $__interval_ms * 0 + count_over_time(up[$__rate_interval])';
    (config as Record<string, unknown>).dashboards = [{ title: 'Mine', rows: [{ title: 'r', panels: [{ title: 'p', type: 'stat', query }] }] }];
    expect(() => validateConfig(config, 'slo.config.yaml')).not.toThrow();
    expect(withSampleValues(query)).toBe('sum(increase(http_requests_total{dashboard="sample",user="sample"}[5m])) / 300 + 300 * 0 + 300 * 0 + count_over_time(up[5m])');
  });

  it("accepts a groupBy on a metric's own service and slo labels, which the model records as exported_service and exported_slo", () => {
    const config = valid();
    slo(config).sli.ratio.groupBy = ['slo', 'service', 'method'];
    const model = validateConfig(config, 'slo.config.yaml').services[0]!.slos[0]!;
    expect([model.groupBy, model.sourceGroupBy]).toEqual([['exported_service', 'exported_slo', 'method'], ['service', 'slo', 'method']]);
  });

  it('gives an SLO without such a label no sourceGroupBy, so its model is as before', () => {
    const config = valid();
    slo(config).sli.ratio.groupBy = ['route', 'method'];
    const model = validateConfig(config, 'slo.config.yaml').services[0]!.slos[0]!;
    expect(model.groupBy).toEqual(['method', 'route']);
    expect(model).not.toHaveProperty('sourceGroupBy');
  });

  it("accepts Pyrra's 1m and 3m short windows", () => {
    const config = valid();
    slo(config).period = '7d';
    slo(config).alerting = { tiers: { fastPage: { longWindow: '15m', shortWindow: '1m' }, slowPage: { longWindow: '30m', shortWindow: '3m' } } };
    const tiers = validateConfig(config, 'slo.config.yaml').services[0]!.slos[0]!.alerting!.tiers;
    expect(tiers.filter((t) => t.name.endsWith('Page')).map((t) => `${t.longWindow.text}/${t.shortWindow.text}`)).toEqual(['15m/1m', '30m/3m']);
  });

  it('accepts label_replace references like "$1" in dashboard queries', () => {
    const config = valid();
    (config as Record<string, unknown>).dashboards = [{ title: 'Mine', rows: [{ title: 'r', panels: [{ title: 'p', type: 'stat', query: 'label_replace(up, "host", "$1", "instance", "(.*):.*")' }] }] }];
    expect(() => validateConfig(config, 'slo.config.yaml')).not.toThrow();
  });
});

describe('threshold alerts take the top-level alerting defaults', () => {
  const withAlerts = () => {
    const config = valid();
    config.alerting = { runbookUrl: 'https://runbooks.example/all', labels: { page_team: 'payments', tier: 'all' }, annotations: { dashboard: 'https://grafana.example/d/all', summary: 'never shown' } };
    config.services[0]!.scrape = { targets: ['a:80'] };
    config.services[0]!.alerts = [
      { name: 'Down', severity: 'critical', summary: 'down', serviceDown: {} },
      { name: 'Restarts', severity: 'warning', summary: 'restarts', runbookUrl: 'https://runbooks.example/restarts', labels: { tier: 'own' }, expr: 'changes(process_start_time_seconds[1h]) > 3' },
    ];
    return validateConfig(config, 'slo.config.yaml').services[0]!.alerts;
  };

  it('an alert without its own runbook, labels or annotations gets the top-level ones', () => {
    const down = withAlerts().find((a) => a.name === 'Down')!;
    expect(down.annotations).toEqual({ dashboard: 'https://grafana.example/d/all', summary: 'down', runbook_url: 'https://runbooks.example/all' });
    expect(down.labels).toEqual({ page_team: 'payments', tier: 'all' });
  });

  it('an alert\'s own runbook and labels win over the top-level ones', () => {
    const restarts = withAlerts().find((a) => a.name === 'Restarts')!;
    expect(restarts.annotations.runbook_url).toBe('https://runbooks.example/restarts');
    expect(restarts.labels).toEqual({ page_team: 'payments', tier: 'own' });
  });
});
