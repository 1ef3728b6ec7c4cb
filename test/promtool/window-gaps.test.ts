/**
 * What gaps do to the windows, in the real promtool. Prometheus skips the evaluations of
 * a group that overran its interval, and evaluates none while it restarts; a slow
 * evaluation that finishes still computes at its scheduled time, so it changes nothing.
 * A skipped minute is then missing from the recorded increases: every window counts it
 * as a minute without events, and none counts any minute twice, wherever the gap falls
 * against the hours the day-long windows are built from. A scrape gap shorter than the
 * 5m lookback loses nothing: the minute after it counts the whole gap; a longer one loses
 * its events. A counter reset counts the new value as events, as rate() does.
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
import { promtoolValues, type InputSeries } from '../support/promtool-values.ts';

const SELECT = '{service="api",slo="errors"}';
const MINUTES = 29 * 60;
/** Events and errors of minute k (the minute ending at sample k), uneven on purpose. */
const eventsOf = (k: number) => (Math.floor(k / 60) % 2 === 0 ? 6000 : 600) + (k % 7) * 10;
const errorsOf = (k: number) => (k % 11 === 0 ? 90 : k % 5);

let rulesFile: string;
let groupOrder: string[];
let windows: { text: string; minutes: number }[];

beforeAll(async () => {
  const model = validateConfig(
    { services: [{ name: 'api', slos: [{ name: 'errors', objective: 99.9, sli: { ratio: { errors: 'requests_total{code="500"}', total: 'requests_total' } } }] }] },
    'window-gaps',
  );
  windows = recordedWindows(model.services[0]!.slos[0]!).map((w) => ({ text: w.text, minutes: Math.round(w.seconds / 60) }));
  const dir = await mkdtemp(join(tmpdir(), 'sloforge-gaps-'));
  const files = [...render(model)];
  await emit(dir, files);
  rulesFile = join(dir, 'prometheus/rules/api.yml');
  groupOrder = [...files.find((f) => f.path === 'prometheus/rules/api.yml')!.content.matchAll(/^ {2}- name: (\S+)$/gm)].map((m) => m[1]!);
});

/** Each window's recorded ratio at each minute, against errors over events of the minutes `counted` says were recorded. */
async function compare(input: InputSeries[], at: readonly number[], counted: (k: number) => boolean) {
  const cases = at.flatMap((minute) => windows.map((w) => ({ minute, window: w })));
  const got = await promtoolValues(rulesFile, groupOrder, input, cases.map((c) => ({ expr: `${METRIC.errorRatio(c.window.text)}${SELECT}`, minute: c.minute })));
  return cases
    .map((c, i) => {
      let events = 0;
      let errors = 0;
      for (let k = Math.max(1, c.minute - c.window.minutes + 1); k <= c.minute; k++) {
        if (!counted(k)) continue;
        events += eventsOf(k);
        errors += errorsOf(k);
      }
      // A window without events has no ratio.
      return { at: c.minute, window: c.window.text, exact: events > 0 ? errors / events : undefined, got: got[i] };
    })
    .filter((c) => (c.got === undefined || c.exact === undefined ? c.got !== c.exact : Math.abs(c.got / c.exact - 1) > 1e-9))
    .map((c) => `${c.at} ${c.window} ${c.got} ${c.exact}`);
}

/** promtool's notation for a sample per minute from minute 0, `_` where `missing(k)`. */
function values(valueAt: (k: number) => number, missing: (k: number) => boolean = () => false): string {
  return Array.from({ length: MINUTES + 1 }, (_, k) => (missing(k) ? '_' : String(valueAt(k)))).join(' ');
}

/** The raw counters from 0, each sample the sum of its minutes' events. */
function counters(missing: (k: number) => boolean = () => false, resetAt?: number): InputSeries[] {
  const cumulative = (perMinute: (k: number) => number) => {
    const sums = [0];
    for (let k = 1; k <= MINUTES; k++) sums.push((resetAt !== undefined && k === resetAt ? 0 : sums[k - 1]!) + perMinute(k));
    return (k: number) => sums[k]!;
  };
  return [
    { series: 'requests_total{code="500"}', values: values(cumulative(errorsOf), missing) },
    { series: 'requests_total{code="200"}', values: values(cumulative((k) => eventsOf(k) - errorsOf(k)), missing) },
  ];
}

/** Checks before, inside and after the gaps, at hour boundaries, and a day later, when the gaps sit in the day window's oldest hour. */
const CHECKS = [119, 120, 121, 179, 180, 181, 236, 240, 250, 300, 1559, 1560, 1561, 1619, 1620, 1621, 1676, 1680, 1690];

describe('missed evaluations of the minute group: a gap in the recorded increases', () => {
  // Skipped: the first minute of an hour, the last one of another, and ten minutes across an hour boundary (a restart).
  const skipped = (k: number) => k === 120 || k === 179 || (k >= 235 && k < 245);

  it('every window counts the skipped minutes as minutes without events, and no minute twice', async () => {
    // The increases themselves, as the minute group would have recorded them; no raw counters, so its own rules record nothing over them.
    const input = [
      { series: `${METRIC.errorsIncrease1m}${SELECT}`, values: values((k) => (k === 0 ? 0 : errorsOf(k)), skipped) },
      { series: `${METRIC.totalIncrease1m}${SELECT}`, values: values((k) => (k === 0 ? 0 : eventsOf(k)), skipped) },
    ];
    expect(await compare(input, CHECKS, (k) => !skipped(k))).toEqual([]);
  }, 600_000);
});

describe('gaps in the raw counters', () => {
  it('a scrape gap of 3 minutes, shorter than the 5m lookback, loses nothing: the minute after it counts the gap', async () => {
    const gap = (k: number) => k >= 237 && k < 240;
    // Checked from the end of the gap on: inside it the gap's events are not yet seen.
    expect(await compare(counters(gap), [240, 250, 300, 1680, 1690], () => true)).toEqual([]);
  }, 600_000);

  it('a scrape gap of 10 minutes, longer than the lookback, loses its minutes and the one after it', async () => {
    const gap = (k: number) => k >= 235 && k < 245;
    expect(await compare(counters(gap), [250, 300, 1690], (k) => !(k >= 235 && k <= 245))).toEqual([]);
  }, 600_000);

  it('a counter reset counts the value after it as the events of its minute, as rate() does', async () => {
    expect(await compare(counters(() => false, 200), [200, 210, 300, 1640], () => true)).toEqual([]);
  }, 600_000);
});
