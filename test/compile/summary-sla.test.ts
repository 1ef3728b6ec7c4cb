import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.ts';
import { summaryFile } from '../../src/compile/summary/summary.ts';

const config = (sla: Record<string, unknown>) => ({
  services: [{ name: 'api', slos: [{ name: 'availability', objective: 99.9, sli: { uptime: { gauge: 'up{job="api"}' } }, sla }] }],
});

const summary = (sla: Record<string, unknown>) => JSON.stringify(summaryFile(validateConfig(config(sla), 'slo.config.yaml')));

describe('SUMMARY.md states each SLA', () => {
  it('with the allowed bad time per 28-, 29-, 30- and 31-day month and the credit table', () => {
    const text = summary({ objective: 99.5, credits: [{ below: 99, creditPercent: 25 }, { below: 99.5, creditPercent: 10 }, { below: 98, creditPercent: 50 }] });
    expect(text).toContain('- SLA: **99.5%** per calendar month in UTC: at most 3h21m36s in a 28-day month, 3h28m48s in a 29-day month, 3h36m in a 30-day month, 3h43m12s in a 31-day month of full outage');
    expect(text).toContain('- SLA credits: 10% below 99.5%, 25% below 99%, 50% below 98%');
  });

  it('per 90-, 91- and 92-day quarter in its time zone, with its missing-data policy', () => {
    const text = summary({ objective: 99, calendar: 'quarter', timezone: 'Europe/Berlin', missingData: 'bad' });
    expect(text).toContain('- SLA: **99%** per calendar quarter in Europe/Berlin: at most 21h36m in a 90-day quarter, 21h50m24s in a 91-day quarter, 22h4m48s in a 92-day quarter of full outage');
    expect(text).toContain('- SLA credits: none');
    expect(text).toContain('time without data counts as bad time');
  });
});
