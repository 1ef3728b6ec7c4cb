import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { render } from '../../src/render.ts';
import { simulate, firstFiring } from '../../src/model/alert-timing.ts';
import { fullOutageFiresAfter } from '../../src/model/windows.ts';

describe('SUMMARY.md says what the example config means', () => {
  it('gives each SLO its budget as ratio and time, and each tier its firing error rate, budget share and outage time', async () => {
    const summary = [...render(await loadConfig('slo.config.ts'))].find((f) => f.path === 'SUMMARY.md')!.content;
    expect(summary).toContain('## fraiseql / availability');
    expect(summary).toContain('- Error budget: 0.1% of events, or **43m12s** of full outage per 30d');
    expect(summary).toContain('| fastPage | critical | 1.44% | 14.4x | 1h / 5m, for 2m | 2% in 1h | 2m52s |');
    expect(summary).toContain('| slowTicket | low | 0.1% | 1x | 3d / 6h, for 3h | 10% in 3d | 3h4m20s |');
    expect(summary).toContain('- Error budget: 5% of events, or **1d12h** of full outage per 30d');
  });

  it('the outage times agree with the minute-by-minute simulation the promtool tests use', async () => {
    const model = await loadConfig('slo.config.ts');
    for (const slo of model.services[0]!.slos) {
      // A full longest window of healthy traffic first, as the formula assumes.
      const healthy = 4 * 24 * 60;
      const timeline = simulate(slo, [
        { minutes: healthy, eventsPerMinute: 60_000, errorsPerMinute: 0 },
        { minutes: 2 * 24 * 60, eventsPerMinute: 60_000, errorsPerMinute: 60_000 },
      ]);
      for (const tier of slo.alerting!.tiers) {
        const simulated = (firstFiring(timeline, tier.name, healthy)! - healthy) * 60;
        expect(Math.abs(simulated - fullOutageFiresAfter(tier, slo.objective)), `${slo.name} ${tier.name}`).toBeLessThanOrEqual(60);
      }
    }
  });
});
