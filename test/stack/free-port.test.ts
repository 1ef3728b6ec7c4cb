import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { freePort } from '../../src/stack/servers.ts';

describe('freePort', () => {
  it("hands out ports below the kernel's ephemeral range, which outgoing connections and listens on port 0 take from, each once, and each free to listen on", async () => {
    const ephemeralFrom = Number((await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')).trim().split(/\s+/)[0]);
    const ports = await Promise.all(Array.from({ length: 50 }, () => freePort()));
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(ephemeralFrom);
    }
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(ports[0], '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });
});
