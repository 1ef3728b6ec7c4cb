/** Waits until Prometheus has scraped each of its targets once and stored what it got. */
import type { PrometheusClient, Target } from '../prometheus-api/client.ts';

const POLL_MS = 500;

/**
 * A target's health is set as its scrape ends, its samples land a moment later, in the
 * same commit as its `up` sample: done when every target has a health and an `up`.
 * Returns the targets, or undefined when `withinMs` passed first.
 */
export async function firstScrapes(client: PrometheusClient, withinMs: number, cancelled: () => boolean): Promise<Target[] | undefined> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline && !cancelled()) {
    const targets = await client.activeTargets();
    if (targets.length > 0 && targets.every((t) => t.health !== 'unknown')) {
      const [ups] = await client.query('count(up)');
      if ((ups?.value ?? 0) >= targets.length) return targets;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return undefined;
}
