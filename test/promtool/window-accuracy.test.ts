/**
 * Every recorded window of an SLO, evaluated by the real promtool from raw counters,
 * against the exact event-weighted ratio of the same counters: errors over events in the
 * window's minutes. Checked at the end of a burn, 30 minutes after it, and 5 minutes into
 * it, on steady and on uneven traffic, and past a day so the day-long windows and the
 * period are built from hours as well as minutes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../src/config/validate.ts';
import { render } from '../../src/render.ts';
import { emit } from '../../src/output/emit.ts';
import { recordedWindows } from '../../src/model/windows.ts';
import { METRIC } from '../../src/model/conventions.ts';
import type { Model, Slo } from '../../src/model/slo.ts';
import { promtoolValues, type InputSeries } from '../support/promtool-values.ts';

interface Stretch {
  readonly minutes: number;
  readonly events: number;
  readonly errors: number;
}
interface Check {
  readonly what: string;
  readonly minute: number;
}
interface Scenario {
  readonly name: string;
  readonly objective: number;
  readonly period: string;
  /** Tiers beside the defaults, for windows of other lengths. */
  readonly tiers?: Record<string, unknown>;
  readonly traffic: readonly Stretch[];
  readonly checks: readonly Check[];
}

const TOLERANCE = 0.05;
const steady = (minutes: number, events: number, burn: number, budget: number): Stretch => ({ minutes, events, errors: Math.round(events * burn * budget) });
const busy = (minutes: number, burn = 0.2): Stretch => ({ minutes, events: 20_000, errors: Math.round(20_000 * burn * 0.001) });
const quiet = (minutes: number, burn = 5): Stretch => ({ minutes, events: 1_000, errors: Math.round(1_000 * burn * 0.001) });

const SCENARIOS: Scenario[] = [
  {
    name: 'a 20x burn of 30 minutes after 6 hours at 1x, on a 99.9% 30d SLO',
    objective: 99.9,
    period: '30d',
    traffic: [steady(360, 10_000, 1, 0.001), steady(30, 10_000, 20, 0.001), steady(60, 10_000, 1, 0.001)],
    checks: [{ what: 'at the end of the burn', minute: 390 }, { what: '30 minutes after it', minute: 420 }],
  },
  {
    name: 'the same burn on a 99% 28d SLO',
    objective: 99,
    period: '28d',
    traffic: [steady(360, 10_000, 1, 0.01), steady(30, 10_000, 20, 0.01), steady(60, 10_000, 1, 0.01)],
    checks: [{ what: '5 minutes into the burn', minute: 365 }, { what: 'at the end of the burn', minute: 390 }, { what: '30 minutes after it', minute: 420 }],
  },
  {
    name: 'uneven traffic: busy hours at 0.02% errors, quiet hours at 0.5%, a 20x burn across a busy-to-quiet change',
    objective: 99.9,
    period: '30d',
    traffic: [busy(60), quiet(60), busy(60), quiet(60), busy(60), quiet(60), busy(45), busy(15, 20), quiet(15, 20), quiet(75)],
    checks: [{ what: 'at the end of the burn', minute: 435 }, { what: '30 minutes after it', minute: 465 }],
  },
  {
    name: 'uneven traffic past a day, the burn at 26h10m: the day-long windows and the period read hours too',
    objective: 99.9,
    period: '30d',
    traffic: [...Array.from({ length: 13 }, () => [busy(60), quiet(60)]).flat(), busy(10), busy(30, 20), quiet(20), quiet(40)],
    checks: [{ what: 'at the end of the burn', minute: 1600 }, { what: '30 minutes after it', minute: 1630 }],
  },
  {
    name: 'windows of odd lengths on a 7d SLO: 25h30m (whole hours and minutes beyond them) and 100m with its 8m20s short window, rounded to 8 minutes',
    objective: 99.9,
    period: '7d',
    tiers: { odd: { budgetPercent: 20, longWindow: '25h30m', shortWindow: '100m', severity: 'warning' }, short: { budgetPercent: 2, longWindow: '100m', severity: 'critical' } },
    traffic: [...Array.from({ length: 14 }, () => [busy(60), quiet(60)]).flat(), busy(17), busy(30, 20), quiet(43)],
    checks: [{ what: 'at the end of the burn', minute: 1727 }, { what: '30 minutes after it', minute: 1757 }],
  },
  {
    name: "Pyrra's short windows on a 7d SLO (issue 19): 1m beside 15m and 3m beside 30m; a 1m window is one per-minute increase",
    objective: 99.9,
    period: '7d',
    tiers: { pyrraFast: { budgetPercent: 2, longWindow: '15m', shortWindow: '1m', severity: 'critical' }, pyrraTwoWeeks: { budgetPercent: 2, longWindow: '30m', shortWindow: '3m', severity: 'critical' } },
    traffic: [busy(60), quiet(60), busy(40), busy(4, 20), quiet(3, 20), quiet(23)],
    checks: [{ what: '1 minute into the burn', minute: 161 }, { what: 'at the change from busy to quiet', minute: 164 }, { what: 'at the end of the burn', minute: 167 }, { what: '2 minutes after it', minute: 169 }],
  },
];

describe.each(SCENARIOS)('every recorded window is the exact event-weighted ratio within 5%: $name', (scenario) => {
  let slo: Slo;
  let rulesFile: string;
  let groupOrder: string[];
  let values: (number | undefined)[];
  const cases: { window: string; minutes: number; check: Check }[] = [];

  beforeAll(async () => {
    const model = modelOf(scenario);
    slo = model.services[0]!.slos[0]!;
    const dir = await mkdtemp(join(tmpdir(), 'sloforge-windows-'));
    const files = [...render(model)];
    await emit(dir, files);
    rulesFile = join(dir, 'prometheus/rules/api.yml');
    groupOrder = groupNames(files.find((f) => f.path === 'prometheus/rules/api.yml')!.content);
    for (const check of scenario.checks) for (const w of recordedWindows(slo)) cases.push({ window: w.text, minutes: Math.round(w.seconds / 60), check });
    const select = '{service="api",slo="errors"}';
    values = await promtoolValues(rulesFile, groupOrder, counters(scenario.traffic), cases.map((c) => ({ expr: `${METRIC.errorRatio(c.window)}${select}`, minute: c.check.minute })));
  }, 300_000);

  it('at each check, each window is within 5% of the exact ratio of its minutes', () => {
    const rows = cases.map((c, i) => {
      const exact = exactRatio(scenario.traffic, c.check.minute, c.minutes);
      const got = values[i];
      const error = got === undefined ? Infinity : got / exact - 1;
      return { check: c.check.what, window: c.window, exact, got, error: `${(100 * error).toFixed(3)}%`, ok: Math.abs(error) <= TOLERANCE };
    });
    expect(rows.filter((r) => !r.ok), JSON.stringify(rows, null, 1)).toEqual([]);
  });

  it('and exactly: the per-minute increases tile time, so each window is its minutes to rounding', () => {
    const off = cases.map((c, i) => ({ ...c, exact: exactRatio(scenario.traffic, c.check.minute, c.minutes), got: values[i] })).filter((c) => c.got === undefined || Math.abs(c.got / c.exact - 1) > 1e-9);
    expect(off).toEqual([]);
  });
});

function modelOf(scenario: Scenario): Model {
  return validateConfig(
    {
      services: [
        {
          name: 'api',
          slos: [
            {
              name: 'errors',
              objective: scenario.objective,
              period: scenario.period,
              sli: { ratio: { errors: 'requests_total{code="500"}', total: 'requests_total' } },
              ...(scenario.tiers ? { alerting: { tiers: scenario.tiers } } : {}),
            },
          ],
        },
      ],
    },
    'window-accuracy',
  );
}

/** Two counters from 0 at minute 0: the failed requests and the rest, each growing by its minute's events. */
function counters(traffic: readonly Stretch[]): InputSeries[] {
  const series = (count: (s: Stretch) => number) => {
    const parts = ['0'];
    let value = 0;
    for (const stretch of traffic) {
      parts.push(`${value + count(stretch)}+${count(stretch)}x${stretch.minutes - 1}`);
      value += count(stretch) * stretch.minutes;
    }
    return parts.join(' ');
  };
  return [
    { series: 'requests_total{code="500"}', values: series((s) => s.errors) },
    { series: 'requests_total{code="200"}', values: series((s) => s.events - s.errors) },
  ];
}

/** Errors over events in the minutes (minute − window, minute], minute k holding the events between samples k − 1 and k. */
function exactRatio(traffic: readonly Stretch[], minute: number, window: number): number {
  let events = 0;
  let errors = 0;
  let k = 0;
  for (const stretch of traffic) {
    for (let i = 0; i < stretch.minutes; i++) {
      k++;
      if (k > minute - window && k <= minute) {
        events += stretch.events;
        errors += stretch.errors;
      }
    }
  }
  return errors / events;
}

function groupNames(rulesYaml: string): string[] {
  return [...rulesYaml.matchAll(/^ {2}- name: (\S+)$/gm)].map((m) => m[1]!);
}
