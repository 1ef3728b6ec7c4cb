/**
 * The test-only override of a config: every target, prober and Alertmanager on this
 * machine's test ports, intervals and waits in seconds, and each receiver a webhook
 * path of the test's own, so the route an alert took shows in the URL it arrives at.
 * The generator itself is unchanged; only its input is.
 */
import type { SloforgeConfig } from '../../src/config/types.ts';

export interface LocalAddresses {
  readonly app: string;
  readonly prober: string;
  readonly alertmanager: string;
  readonly webhook: string;
}

export function localConfig(config: SloforgeConfig, at: LocalAddresses): SloforgeConfig {
  const alertmanager = config.alertmanager;
  return {
    ...config,
    prometheus: { ...config.prometheus, scrapeInterval: '1s', scrapeTimeout: '1s', evaluationInterval: '1s', alertmanagers: [at.alertmanager] },
    rules: { ...config.rules, longWindowInterval: '5s' },
    services: config.services.map((service) => ({
      ...service,
      ...(service.scrape ? { scrape: { ...service.scrape, targets: [at.app], interval: '1s', timeout: '1s' } } : {}),
      ...(service.probes
        ? {
            probes: {
              ...service.probes,
              prober: at.prober,
              interval: '1s',
              endpoints: service.probes.endpoints.map((e) => ({ ...e, url: e.url.replace(/^(\w+:\/\/)[^/]+/, `$1${at.app}`) })),
            },
          }
        : {}),
      alerts: service.alerts?.map((alert) => ({ ...alert, for: '1s' })),
    })),
    ...(alertmanager
      ? {
          alertmanager: {
            ...alertmanager,
            severities: Object.fromEntries(
              Object.entries(alertmanager.severities).map(([name, level]) => [name, { ...level, groupWait: '1s', groupInterval: '1s', repeatInterval: '1m' }]),
            ),
            receivers: Object.fromEntries(Object.keys(alertmanager.receivers).map((name) => [name, { webhook: { url: `${at.webhook}/hook/${name}` } }])),
          },
        }
      : {}),
  };
}
