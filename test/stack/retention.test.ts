import { describe, expect, it } from 'vitest';
import { stackServers } from '../../src/stack/servers.ts';
import { parseDuration } from '../../src/model/duration.ts';

describe('the stack\'s Prometheus', () => {
  it('keeps enough history for sloforge report on a whole quarter', () => {
    const prometheus = stackServers('/nonexistent/generated', '/nonexistent/data', { prometheus: 9090, alertmanager: 9093, blackbox: 9115 }).find((s) => s.name === 'Prometheus')!;
    const flag = prometheus.args.find((a) => a.startsWith('--storage.tsdb.retention.time='));
    expect(flag, 'no retention flag: Prometheus would keep its default 15d').toBeDefined();
    expect(parseDuration(flag!.split('=')[1]!)).toBeGreaterThanOrEqual(92 * 86400);
  });
});
