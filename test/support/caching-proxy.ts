/**
 * An HTTP proxy on 127.0.0.1 that answers a request it has answered before (same method,
 * path, query and body) from memory. In front of a server whose data does not change (a
 * backfilled history), runs that ask the same questions, such as one report in several
 * formats, get the server's own answers without it computing them again.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CachingProxy {
  readonly url: string;
  /** Requests answered from memory, and requests passed on. */
  readonly stats: { hits: number; misses: number };
  close(): Promise<void>;
}

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: Buffer;
}

export async function startCachingProxy(target: string): Promise<CachingProxy> {
  const answers = new Map<string, Promise<Answer>>();
  const stats = { hits: 0, misses: 0 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const key = `${request.method} ${request.url} ${body.toString('base64')}`;
      let answer = answers.get(key);
      if (answer) stats.hits++;
      else {
        stats.misses++;
        answer = (async () => {
          const headers: Record<string, string> = {};
          for (const name of ['content-type', 'authorization']) if (typeof request.headers[name] === 'string') headers[name] = request.headers[name];
          const upstream = await fetch(`${target}${request.url}`, { method: request.method, headers, body: request.method === 'GET' || request.method === 'HEAD' ? undefined : body });
          return { status: upstream.status, contentType: upstream.headers.get('content-type'), body: Buffer.from(await upstream.arrayBuffer()) };
        })();
        answers.set(key, answer);
        // A failed request is not kept: the next one asks the server again.
        answer.catch(() => answers.delete(key));
      }
      answer.then(
        ({ status, contentType, body: bytes }) => response.writeHead(status, contentType ? { 'content-type': contentType } : {}).end(bytes),
        (error: Error) => response.writeHead(502).end(`caching proxy: ${error.message}`),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
