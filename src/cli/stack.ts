/**
 * `sloforge stack`: the config's generated files on real servers, locally, to look at
 * before committing. It generates from --config into --out first, so what runs is the
 * config as it is now; once Prometheus has scraped, it runs `sloforge check` against it.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Model } from '../model/slo.ts';
import { OUTPUT } from '../model/conventions.ts';
import { formatDuration } from '../model/duration.ts';
import { load } from '../generate.ts';
import { emit } from '../output/emit.ts';
import { startStack, type Stack } from '../stack/servers.ts';
import { stackPorts } from '../stack/ports.ts';
import { stopRequest, type StopRequest } from '../stack/stop-request.ts';
import { firstScrapes } from '../stack/first-scrapes.ts';
import { prometheusClient, PrometheusApiError } from '../prometheus-api/client.ts';
import { checkAgainstPrometheus, checkNow } from '../check/live-check.ts';
import { formatText } from '../check/findings.ts';

const INSTALL = 'sudo apt-get install -y prometheus prometheus-alertmanager prometheus-blackbox-exporter';
const CHECK_LOOKBACK_SECONDS = 3600;

export interface StackOptions {
  readonly config: string;
  readonly out: string;
  readonly prometheusPort: number;
}

type Output = Pick<NodeJS.WriteStream, 'write'>;

export async function runStack(options: StackOptions, out: Output, err: Output): Promise<number> {
  const model = await load(options.config);
  const generated = resolve(options.out);
  const count = await emit(generated, (await import('../render.ts')).render(model));
  out.write(`wrote ${count} files to ${options.out}/ from ${options.config}\n`);
  if (!existsSync(join(generated, OUTPUT.prometheusConfig))) throw new Error(`${options.out}/${OUTPUT.prometheusConfig} was not written`);
  const { ports, elsewhere } = stackPorts(model, options.prometheusPort);
  for (const address of elsewhere) err.write(`warning: the generated files point at ${address}, where the stack runs nothing\n`);
  // Handlers first: a signal during start-up must still stop what has started.
  const stop = stopRequest();
  let stack: Stack;
  try {
    stack = await startStack(generated, join(generated, '..', '.sloforge-stack'), ports, (line) => out.write(`${line}\n`));
  } catch (error) {
    stop.dispose();
    const message = error instanceof Error ? error.message : String(error);
    err.write(`${message}\n${message.includes('ENOENT') ? `Install the servers with:\n  ${INSTALL}\n` : ''}`);
    return 1;
  }
  try {
    if (!stop.isRequested()) {
      out.write(`Open ${stack.urls.prometheus}/alerts and ${stack.urls.prometheus}/rules; Ctrl-C stops everything.\n`);
      await Promise.race([checkFirstScrapes(model, stack.urls.prometheus, stop, err), stop.requested]);
    }
    const reason = await stop.requested;
    out.write(`Stopping (${reason})…\n`);
  } finally {
    await stack.stop();
    stop.dispose();
  }
  out.write('Stopped every server the stack started.\n');
  return 0;
}

/** The live check on the stack's own Prometheus, as warnings: the stack keeps running whatever it finds. */
async function checkFirstScrapes(model: Model, url: string, stop: StopRequest, err: Output): Promise<void> {
  try {
    const client = await prometheusClient({ url });
    const within = 2 * longestScrapeInterval(model) * 1000 + 10_000;
    const targets = await firstScrapes(client, within, stop.isRequested);
    if (stop.isRequested()) return;
    if (!targets) {
      err.write(`warning: Prometheus has not scraped every target within ${formatDuration(within / 1000)}; run \`sloforge check --prometheus ${url}\` later\n`);
      return;
    }
    for (const target of targets.filter((t) => t.health === 'down')) err.write(`warning: ${target.scrapeUrl} (job ${target.labels.job}) is down: ${target.lastError}\n`);
    const report = await checkAgainstPrometheus(model, client, { lookbackSeconds: CHECK_LOOKBACK_SECONDS, now: checkNow() });
    if (stop.isRequested()) return;
    err.write(`sloforge check against the first scrapes: ${formatText(report).replace(/^  (?=\S)/gm, '  warning: ')}`);
  } catch (error) {
    if (!(error instanceof PrometheusApiError)) throw error;
    err.write(`warning: the check against the stack's Prometheus failed: ${error.message}\n`);
  }
}

function longestScrapeInterval(model: Model): number {
  const intervals = model.services.flatMap((s) => [s.scrape?.interval, s.probes?.interval]).map((w) => w?.seconds ?? model.prometheus.scrapeInterval.seconds);
  return Math.max(model.prometheus.scrapeInterval.seconds, ...intervals);
}
