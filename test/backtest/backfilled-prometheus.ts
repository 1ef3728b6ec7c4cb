/** A real Prometheus on a free 127.0.0.1 port, backfilled by promtool with the incident history, in a temporary directory; and the CLI run in-process. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { backfillOpenMetrics, startHistoryServer } from '../../src/stack/history-server.ts';
import { ensureTools } from '../support/tools.ts';
import { writeOpenMetrics } from './incident-history.ts';

export interface BackfilledPrometheus {
  readonly url: string;
  /** Its temporary directory, for the test's own files too. */
  readonly work: string;
  stop(): Promise<void>;
}

/** `maxSamples`: the server's query.max-samples, to make it refuse big queries. */
export async function startBackfilledPrometheus(maxSamples?: number): Promise<BackfilledPrometheus> {
  ensureTools(['prometheus', 'promtool']);
  const work = await mkdtemp(join(tmpdir(), 'sloforge-backtest-test-'));
  try {
    await writeOpenMetrics(join(work, 'history.om'));
    await backfillOpenMetrics(join(work, 'history.om'), join(work, 'data'), 144);
    // Ten years kept: a range in 2010 is beyond it.
    const server = await startHistoryServer(work, { maxSamples, retention: '3650d' });
    return {
      url: server.url,
      work,
      stop: async () => {
        await server.stop();
        await rm(work, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}

export async function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { write: (s: string) => ((stdout += s), true) }, { write: (s: string) => ((stderr += s), true) });
  return { code, stdout, stderr };
}

export const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/**
 * The test config: ratio SLOs of the history's requests, default tiers; the second counts
 * failures on a counter of their own, so its rules guard against a broken SLI (more
 * failures than twice the requests) and it has an SLI-broken alert.
 */
export const config = (objective: number) => ({
  services: [
    {
      name: 'shop',
      slos: [
        { name: 'requests', objective, sli: { ratio: { errors: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' } } },
        { name: 'failures', objective: 99, sli: { ratio: { errors: 'http_failures_total', total: 'http_requests_total' } } },
      ],
    },
  ],
});
