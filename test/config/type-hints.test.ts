/** A value of the wrong type or form that is a right value written wrongly gets the right spelling as a hint. */
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.ts';
import { ConfigError } from '../../src/config/diagnostics.ts';

type Config = { services: Record<string, any>[]; [key: string]: any };

const valid = (): Config => ({
  services: [
    {
      name: 'api',
      scrape: { targets: ['127.0.0.1:8000'] },
      slos: [{ name: 'availability', objective: 99.9, sli: { ratio: { errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' } } }],
      alerts: [],
    },
  ],
});

function messageAt(change: (config: Config) => void, path: string): string {
  const config = valid();
  change(config);
  try {
    validateConfig(config, 'slo.yaml');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const found = error.diagnostics.filter((d) => d.path === path);
    expect(found, JSON.stringify(error.diagnostics)).toHaveLength(1);
    return found[0]!.message;
  }
  throw new Error('the config was accepted');
}

const slo = (c: Config) => c.services[0]!.slos[0]!;
const alert = (c: Config, body: Record<string, unknown>) => c.services[0]!.alerts.push({ name: 'A', severity: 'critical', summary: 's', ...body });

describe('type hints', () => {
  it.each<[string, (c: Config) => void, string, string]>([
    ['a latency threshold as a numeric string', (c) => (slo(c).sli = { latency: { histogram: 'h_seconds', threshold: '0.25' } }), 'services[api].slos[availability].sli.latency.threshold', 'must be a duration such as "100ms" or a number of seconds above 0, got "0.25"; for 0.25 seconds write the number without quotes, or the duration "250ms"'],
    ['a threshold alert\'s for as a number', (c) => alert(c, { for: 900, serviceDown: {} }), 'services[api].alerts[A].for', 'must be a Prometheus duration such as "5m", "1h30m" or "30d", got 900; a duration needs a unit: 900 seconds is "15m"'],
    ['a tier window as a number', (c) => (slo(c).alerting = { tiers: { fastPage: { longWindow: 3600 } } }), 'services[api].slos[availability].alerting.tiers.fastPage.longWindow', 'got 3600; a duration needs a unit: 3600 seconds is "1h"'],
    ['a period as a numeric string', (c) => (slo(c).period = '86400'), 'services[api].slos[availability].period', 'got "86400"; a duration needs a unit: 86400 seconds is "1d"'],
    ['a period in words', (c) => (slo(c).period = '30 days'), 'services[api].slos[availability].period', 'got "30 days"; did you mean "30d"?'],
    ['an objective as a numeric string', (c) => (slo(c).objective = '99.9'), 'services[api].slos[availability].objective', 'must be a number, got a string ("99.9"); write the number without quotes: 99.9'],
    ['an objective with a percent sign', (c) => (slo(c).objective = '99.9%'), 'services[api].slos[availability].objective', 'write the number without quotes or "%": 99.9'],
    ['a ratio with a percent sign', (c) => alert(c, { errorRate: { errors: 'e', total: 't', above: '5%' } }), 'services[api].alerts[A].errorRate.above', 'write the ratio without quotes: 0.05 for 5%'],
    ['a ratio given as a percent', (c) => alert(c, { latency: { histogram: 'h_seconds', quantile: 95, above: 1 } }), 'services[api].alerts[A].latency.quantile', 'must be < 1; it is a ratio: 95% is 0.95'],
    ['a panel width as a numeric string', (c) => (c.dashboards = [{ title: 'D', rows: [{ title: 'r', panels: [{ title: 'p', type: 'stat', query: 'up', width: '6' }] }] }]), 'dashboards[D].rows[r].panels[p].width', 'must be an integer, got a string ("6"); write the number without quotes: 6'],
    ['a boolean as a string', (c) => (c.dashboards = [{ title: 'D', variables: [{ name: 'job', labelValues: { label: 'job' }, multi: 'true' }], rows: [{ title: 'r', panels: [{ title: 'p', type: 'stat', query: 'up' }] }] }]), 'dashboards[D].variables[job].multi', 'must be a boolean, got a string ("true"); write it without quotes: true'],
    ['a label value as a number', (c) => (c.services[0]!.labels = { tier: 1 }), 'services[api].labels.tier', 'must be a string, got 1; quote it: "1"'],
    ['an enum value in the wrong case', (c) => (c.services[0]!.scrape.scheme = 'HTTPS'), 'services[api].scrape.scheme', 'must be one of "http", "https"; did you mean "https"?'],
  ])('%s', (_, change, path, hint) => {
    expect(messageAt(change, path)).toContain(hint);
  });

  it('gives no hint where the value is not a misspelt right one', () => {
    expect(messageAt((c) => (slo(c).objective = 'high'), 'services[api].slos[availability].objective')).toBe('must be a number, got a string ("high")');
    expect(messageAt((c) => (slo(c).period = 'monthly'), 'services[api].slos[availability].period')).toBe('must be a Prometheus duration such as "5m", "1h30m" or "30d", got "monthly"');
  });
});
