/**
 * What `sloforge backtest` costs: a Prometheus backfilled with `days` (plus the 3d warm-up
 * the longest alert window needs) of 1m counters, `series` of them, summed by one SLO;
 * the backtest of the last `days` timed as the CLI runs it (level by level, private
 * Prometheus included), with its peak memory.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { validateConfig } from '../src/config/validate.ts';
import { backtest, modelRuleGroups } from '../src/backtest/index.ts';
import { prometheusClient } from '../src/prometheus-api/client.ts';
import { backfillOpenMetrics, startHistoryServer } from '../src/stack/history-server.ts';

export interface BacktestCost {
  readonly days: number;
  readonly series: number;
  readonly rawSamples: number;
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly firings: number;
}

const WARM_UP_DAYS = 3.25;

export async function backtestCost(work: string, plan: { days: number; series: number }, end: number, log: (line: string) => void): Promise<BacktestCost> {
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const first = end - Math.ceil((plan.days + WARM_UP_DAYS) * 1440) * 60;
  const file = join(work, 'raw.om');
  const rawSamples = await writeCounters(file, plan.series, first, end);
  log(`backtest: ${rawSamples.toLocaleString('en-US')} raw samples of ${plan.series} series written`);
  await backfillOpenMetrics(file, join(work, 'data'), 1000);
  await rm(file);
  // Room for the 30-day raw queries the replay's level 1 makes.
  const server = await startHistoryServer(work, { maxSamples: 1_000_000_000 });
  try {
    const model = validateConfig(
      { services: [{ name: 'bench', slos: [{ name: 'requests', objective: 99.9, sli: { ratio: { errors: 'http_requests_total{code="500"}', total: 'http_requests_total' } } }] }] },
      'bench/backtest.ts',
    );
    const client = await prometheusClient({ url: server.url, timeoutMs: 600_000 });
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
    const began = performance.now();
    try {
      const result = await backtest(modelRuleGroups(model), client, { start: end - plan.days * 86400, end, step: 60, now: end, timeoutMs: 600_000 });
      const seconds = (performance.now() - began) / 1000;
      log(`backtest: ${plan.days} days of ${plan.series} series in ${seconds.toFixed(1)} s`);
      return { days: plan.days, series: plan.series, rawSamples, seconds, peakRssMb: peakRss / 2 ** 20, firings: result.alerts.reduce((n, a) => n + a.firings.length, 0) };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  }
}

/** `series` counters, half code="200" and half code="500" over series/2 instances; 0.05% errors, 2% for an hour each day at noon. */
async function writeCounters(file: string, series: number, first: number, end: number): Promise<number> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  let samples = 0;
  await write('# TYPE http_requests counter\n');
  for (let i = 0; i < series; i++) {
    const instance = `i-${Math.floor(i / 2)}`;
    const failed = i % 2 === 1;
    const head = `http_requests_total{code="${failed ? 500 : 200}",instance="${instance}"}`;
    let count = 0;
    const lines: string[] = [];
    for (let t = first; t <= end; t += 60) {
      lines.push(`${head} ${count} ${t}\n`);
      const noon = new Date(t * 1000).getUTCHours() === 12;
      const errorRatio = noon ? 0.02 : 0.0005;
      count += failed ? 100 * errorRatio : 100 * (1 - errorRatio);
      if (lines.length === 5000) await write(lines.splice(0).join(''));
    }
    samples += Math.floor((end - first) / 60) + 1;
    await write(lines.join(''));
  }
  await write('# EOF\n');
  out.end();
  await once(out, 'close');
  return samples;
}

export function backtestSection(cost: BacktestCost): string {
  return [
    '\n## Backtest (`sloforge backtest`)\n',
    `${cost.days} days of ${cost.series.toLocaleString('en-US')} raw 1m series (${cost.rawSamples.toLocaleString('en-US')} samples with the 3d warm-up), one SLO over all of them, default tiers: the whole backtest — level-1 range queries on the server, a backfill and restart of the private Prometheus per level, the alerts — took **${cost.seconds.toFixed(1)} s**, peak RSS of sloforge ${cost.peakRssMb.toFixed(0)} MB; ${cost.firings} firings found.`,
  ].join('\n');
}
