import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.ts';
import { configProblems } from '../support/config-problems.ts';

const config = (sla: Record<string, unknown> | undefined, defaults?: Record<string, unknown>) => ({
  ...(defaults ? { sla: defaults } : {}),
  services: [
    {
      name: 'api',
      slos: [
        {
          name: 'availability',
          objective: 99.9,
          sli: { ratio: { errors: 'http_requests_total{job="api",code=~"5.."}', total: 'http_requests_total{job="api"}' } },
          ...(sla ? { sla } : {}),
        },
      ],
    },
  ],
});

const problems = (config: unknown) => configProblems(config);

const GUIDE_CREDITS = [
  { below: 99.5, creditPercent: 10 },
  { below: 98, creditPercent: 50 },
  { below: 99, creditPercent: 25 },
];

describe('an SLO\'s sla', () => {
  it('is normalized with its credits ordered from the highest bound and the defaults filled in', () => {
    const sla = validateConfig(config({ objective: 99.5, credits: GUIDE_CREDITS }), 'slo.config.yaml').services[0]!.slos[0]!.sla;
    expect(sla).toEqual({
      objective: 0.995,
      objectivePercent: 99.5,
      credits: [
        { below: 0.995, belowPercent: 99.5, creditPercent: 10 },
        { below: 0.99, belowPercent: 99, creditPercent: 25 },
        { below: 0.98, belowPercent: 98, creditPercent: 50 },
      ],
      calendar: 'month',
      timezone: 'UTC',
      missingData: 'ignore',
    });
  });

  it('takes calendar, timezone and missingData from the top-level sla, its own winning', () => {
    const model = validateConfig(config({ objective: 99.5, missingData: 'bad' }, { calendar: 'quarter', timezone: 'Europe/Berlin', missingData: 'good' }), 'slo.config.yaml');
    expect(model.services[0]!.slos[0]!.sla).toMatchObject({ calendar: 'quarter', timezone: 'Europe/Berlin', missingData: 'bad' });
  });

  it('leaves an SLO without one without the key', () => {
    expect('sla' in validateConfig(config(undefined), 'slo.config.yaml').services[0]!.slos[0]!).toBe(false);
  });

  it('refuses an SLA objective tighter than the SLO\'s', () => {
    expect(problems(config({ objective: 99.95 }))).toEqual([
      "services[api].slos[availability].sla.objective: must not be tighter than the SLO's objective (99.9): the SLO is what alerts before the SLA is at risk; got 99.95",
    ]);
  });

  it('refuses a credit table whose credits do not grow as the SLI falls', () => {
    expect(problems(config({ objective: 99.5, credits: [{ below: 99.5, creditPercent: 25 }, { below: 99, creditPercent: 10 }] }))).toEqual([
      'services[api].slos[availability].sla.credits[1].creditPercent: must be more than the 25% owed below 99.5 (services[api].slos[availability].sla.credits[0]): a lower SLI owes a larger credit; got 10',
    ]);
  });

  it('refuses two tiers with one bound and a tier above the SLA objective', () => {
    expect(problems(config({ objective: 99.5, credits: [{ below: 99.7, creditPercent: 5 }, { below: 99, creditPercent: 10 }, { below: 99, creditPercent: 20 }] }))).toEqual([
      'services[api].slos[availability].sla.credits[0].below: must not be above the SLA objective (99.5): a credit would be owed for a period that met the SLA; got 99.7',
      'services[api].slos[availability].sla.credits[2].below: repeats the bound of services[api].slos[availability].sla.credits[1] (99); each tier needs its own',
    ]);
  });

  it('refuses a time zone Intl does not know, and a fixed offset, where it was written', () => {
    expect(problems(config({ objective: 99.5, timezone: 'Europe/Berlni' }))).toEqual([
      'services[api].slos[availability].sla.timezone: must be an IANA time zone such as "UTC" or "Europe/Berlin", got "Europe/Berlni"',
    ]);
    expect(problems(config({ objective: 99.5 }, { timezone: '+01:00' }))).toEqual(['sla.timezone: must be an IANA time zone such as "UTC" or "Europe/Berlin", got "+01:00"']);
  });

  it('refuses an unknown calendar and missingData policy through the schema', () => {
    const found = problems(config({ objective: 99.5, calendar: 'week', missingData: 'skip' }));
    expect(found.some((p) => p.startsWith('services[api].slos[availability].sla.calendar'))).toBe(true);
    expect(found.some((p) => p.startsWith('services[api].slos[availability].sla.missingData'))).toBe(true);
  });
});
