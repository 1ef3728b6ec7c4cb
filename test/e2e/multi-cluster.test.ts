/**
 * Global SLOs over several clusters on the real servers (multi-cluster-stack.ts): the
 * proofs run at the same time, each on a service of its own, so that none waits for
 * another's windows to fill or to empty:
 * - `steady`, in clusters a and b: the event-weighted global SLI on both engines, the
 *   breakdown by cluster, the remote-write delay;
 * - `burning`, failing in cluster a from the start: one page through the two Alertmanager
 *   peers, and vmalert's;
 * - `orphaned`, in clusters a and c: edge c is stopped as soon as the global minute counts
 *   it; its cluster's no-data alert fires, and the service never burns.
 *
 * No cluster's traffic on its own crosses the page threshold (9.6% errors): while the
 * first minutes arrive one cluster at a time, no service but `burning` may page.
 *
 * Where the time goes (3 to 4 min here; it was 6): an edge's increase is an irate of its
 * counter read at two whole minutes, and the edges start with their services' counters at
 * 0 in their stores (multi-cluster-stack.ts), so the first increase comes at the first
 * minute boundary after the edge starts, plus its group's phase. The stack chooses the
 * phases (rule-group-phase.ts): the edges evaluate their minute in its first seconds, edge
 * c last, and the global Prometheus reads those minutes 20s later, the read delay, so the
 * clusters' first minutes reach the global rules in one evaluation and the weighted ratio
 * is there from the first. What is left is the no-data alert: it fires 2m30s after the
 * stopped edge's last increase (its 2m window, the read delay, its 10s `for`), and edge c is
 * stopped on the first minute the global minute counts. The timeouts are more than 3x the
 * durations measured; stack.log writes the timeline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, SLO, query, startMultiClusterStack, vmalertAlerts, type MultiClusterStack, type Services, type Traffic } from './multi-cluster-stack.ts';
import { eventually } from '../support/eventually.ts';

/** Busy cluster a at 1% errors, quiet cluster b at 8%: unweighted, their ratios average 4.5%; weighted, 1.6%. */
const STEADY = { a: { rps: 20, share: 0.01 }, b: { rps: 2, share: 0.08 } };
const BURNING = { a: { rps: 20, share: 1 }, b: { rps: 2, share: 0.08 } };
/** Equal traffic: both clusters 4.5%, cluster a's alone 1%. */
const ORPHANED = { a: { rps: 20, share: 0.01 }, c: { rps: 20, share: 0.08 } };
const SERVICES: Services = { steady: STEADY, burning: BURNING, orphaned: ORPHANED };

const select = (service: string) => `{service="${service}",slo="${SLO}"}`;
const weightedShare = (traffic: readonly Traffic[]) => traffic.reduce((errors, t) => errors + t.rps * t.share, 0) / traffic.reduce((requests, t) => requests + t.rps, 0);
const within = (got: number, expected: number, share: number) => expect(Math.abs(got - expected) / expected, `got ${got}, expected ${expected}`).toBeLessThan(share);

let stack: MultiClusterStack;

beforeAll(async () => {
  stack = await startMultiClusterStack(SERVICES);
  stack.log(`every server is up; the minute groups' phases (s): ${JSON.stringify(stack.phases, (_, v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v))}`);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const isPage = (n: { body: { status: string; alerts: { status: string; labels: Record<string, string> }[] } }) =>
  n.body.status === 'firing' && n.body.alerts.some((a) => a.labels.alertname === 'ErrorBudgetBurn' && a.status === 'firing');
const pagesFromPeers = () => stack.notifications.filter((n) => stack.peerUrls.includes(n.body.externalURL) && isPage(n));

describe.concurrent('global SLOs over several clusters, on Prometheus and on vmalert/VictoriaMetrics', () => {
  it('records a global SLI that is the event-weighted ratio over both clusters, and a breakdown that keeps each cluster', async () => {
    const weighted = () => {
      const [a, b] = [stack.fake('steady', 'a').totals(), stack.fake('steady', 'b').totals()];
      return (a.errors + b.errors) / (a.requests + b.requests);
    };
    const engines = [
      ['Prometheus', stack.urls.global],
      ['VictoriaMetrics', stack.urls.vm],
    ] as const;
    await Promise.all(
      engines.map(async ([engine, base]) => {
        await eventually(async () => {
          const [sample] = await query(base, `slo:sli_error:ratio_rate5m${select('steady')}`);
          expect(sample, `${engine} has no global 5m ratio yet`).toBeDefined();
          within(sample!.value, weighted(), 0.15);
          const breakdown = await query(base, `slo:sli_error:cluster_ratio_rate5m${select('steady')}`);
          expect(breakdown.map((s) => s.metric.cluster).sort()).toEqual([CLUSTER.a, CLUSTER.b]);
          within(breakdown.find((s) => s.metric.cluster === CLUSTER.a)!.value, STEADY.a.share, 0.3);
          within(breakdown.find((s) => s.metric.cluster === CLUSTER.b)!.value, STEADY.b.share, 0.3);
        }, 1080);
        stack.log(`${engine}: the global 5m ratio is the weighted one, the breakdown each cluster's`);
      }),
    );
  }, 1_500_000);

  it('receives the edge increases well within the read delay (the remote-write delay, measured)', async () => {
    const newest = async (base: string) => (await query(base, `max(timestamp(slo:sli_total:cluster_increase1m${select('steady')}))`))[0]?.value ?? 0;
    // Once the pipeline carries data, wait for an evaluation the global store has not seen, then time its arrival.
    await eventually(async () => expect(await newest(stack.urls.global)).toBeGreaterThan(0), 600);
    const seen = await newest(stack.urls.global);
    let edge = seen;
    await eventually(async () => {
      edge = await newest(stack.urls.edge.a);
      expect(edge).toBeGreaterThan(seen);
    }, 180);
    const started = Date.now();
    await eventually(async () => expect(await newest(stack.urls.global)).toBeGreaterThanOrEqual(edge), 20);
    const lag = (Date.now() - started) / 1000 + (started / 1000 - edge);
    stack.log(`remote-write delay: the edge's sample of ${new Date(edge * 1000).toISOString()} arrived ${lag.toFixed(1)}s after its evaluation`);
    expect(lag).toBeLessThan(20);
  }, 1_200_000);

  it('pages once for a fast burn in one cluster: one notification through the two Alertmanager peers, and vmalert fires too', async () => {
    await eventually(async () => expect(pagesFromPeers().length).toBeGreaterThan(0), 900);
    stack.log('the global Prometheus paged through the Alertmanager peers');
    const [page] = pagesFromPeers();
    expect(page!.path).toBe('/hook/page');
    expect(page!.body.alerts[0]!.labels).toMatchObject({ service: 'burning', slo: SLO, severity: 'critical', long_window: '15m', short_window: '5m' });
    expect(page!.body.alerts[0]!.labels.cluster).toBeUndefined();
    await eventually(async () => {
      const burns = (await vmalertAlerts(stack.urls.vmalert)).filter((a) => a.name === 'ErrorBudgetBurn' && a.state === 'firing');
      expect(burns.map((a) => a.labels.service)).toEqual(['burning']);
    }, 300);
    stack.log('vmalert fired');
    const breakdown = await query(stack.urls.global, `slo:sli_error:cluster_ratio_rate5m${select('burning')}`);
    expect(breakdown.find((s) => s.metric.cluster === CLUSTER.a)!.value).toBeGreaterThan(0.3);
    // Both peers got the alert from the global Prometheus, every second; the cluster notifies once.
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    expect(pagesFromPeers().length).toBe(1);
  }, 1_500_000);

  it("raises the no-data alert of a stopped edge server's cluster, and no burn", async () => {
    const minuteShare = async () => {
      const [sample] = await query(stack.urls.global, `slo:sli_errors:increase1m${select('orphaned')} / slo:sli_total:increase1m${select('orphaned')}`);
      expect(sample, 'the global Prometheus has no minute of orphaned yet').toBeDefined();
      return sample!.value;
    };
    const noData = async () => (await query(stack.urls.global, `ALERTS{alertname="SLONoData",alertstate="firing",service="orphaned"}`)).map((a) => a.metric.cluster ?? 'global');
    const vmalertNoData = async () =>
      (await vmalertAlerts(stack.urls.vmalert)).filter((a) => a.name === 'SLONoData' && a.state === 'firing' && a.labels.service === 'orphaned').map((a) => a.labels.cluster ?? 'global');
    // Edge c is stopped as soon as the global minute counts both clusters, neither engine
    // reports no data, and both hold edge c's newest minute: the no-data clock then runs from
    // that minute. A minute of c that reached the global Prometheus after its read delay (a
    // loaded machine) is counted by no global minute, and the next one is waited for.
    const newest = async (base: string, expr: string) => (await query(base, expr))[0]?.value ?? 0;
    const minute = `slo:sli_total:cluster_increase1m${select('orphaned')}`;
    // On an edge, its newest minute if it counted requests (its first may count none, where the edge began just before a minute boundary), else 0.
    const newestCounted = (edge: 'a' | 'c') => newest(stack.urls.edge[edge], `max(timestamp(${minute}) * (${minute} > bool 0))`);
    let firstOfA = 0;
    let lastOfC = 0;
    await eventually(async () => {
      // Polled from the start, a's newest minute is its first when first seen.
      firstOfA ||= await newestCounted('a');
      lastOfC = await newestCounted('c');
      expect(firstOfA, "edge a's first minute").toBeGreaterThan(0);
      expect(lastOfC, "edge c's minute").toBeGreaterThanOrEqual(firstOfA);
      for (const base of [stack.urls.global, stack.urls.vm]) expect(await newest(base, `max(timestamp(slo:sli_total:cluster_increase1m{service="orphaned",slo="${SLO}",cluster="${CLUSTER.c}"}))`), base).toBeGreaterThanOrEqual(lastOfC);
      within(await minuteShare(), weightedShare([ORPHANED.a, ORPHANED.c]), 0.15);
      expect(await noData()).toEqual([]);
      expect(await vmalertNoData()).toEqual([]);
    }, 720, 250);
    await stack.stopEdge('c');
    stack.log(`the global minute counted both clusters and neither engine missed any; edge c stopped, its last minute evaluated at ${new Date(lastOfC * 1000).toISOString()}, cluster a's first at ${new Date(firstOfA * 1000).toISOString()}`);
    await Promise.all([
      eventually(async () => expect(await noData()).toEqual([CLUSTER.c]), 600).then(() => stack.log("the global Prometheus raised cluster c's no-data")),
      eventually(async () => expect(await vmalertNoData()).toEqual([CLUSTER.c]), 600).then(() => stack.log("vmalert raised cluster c's no-data")),
      // Cluster c's missing share counts as no traffic, never as errors.
      eventually(async () => within(await minuteShare(), ORPHANED.a.share, 0.15), 600).then(() => stack.log("the global minute is cluster a's alone")),
    ]);
    // Never a burn, not even pending, on either engine; both keep the alerts' history (vmalert writes it to VictoriaMetrics).
    for (const base of [stack.urls.global, stack.urls.vm]) {
      expect(await query(base, `count_over_time(ALERTS{alertname="ErrorBudgetBurn",service="orphaned"}[1h])`), base).toEqual([]);
      expect(await query(base, `count_over_time(ALERTS{alertname="SLONoData",alertstate="firing",service="orphaned",cluster="${CLUSTER.c}"}[1h])`), base).toHaveLength(1);
    }
    expect(stack.notifications.filter((n) => n.body.alerts.some((a) => a.labels.alertname === 'ErrorBudgetBurn' && a.labels.service === 'orphaned'))).toEqual([]);
  }, 1_500_000);
});
