/** Alertmanager's webhook receivers in the tests: an HTTP endpoint on 127.0.0.1 that keeps every JSON body posted to it. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery<Body> {
  /** The request path: which receiver's URL the notification went to. */
  readonly path: string;
  readonly body: Body;
}

export interface WebhookReceiver<Body> {
  /** `http://127.0.0.1:<port>`, to which receivers add their own paths. */
  readonly url: string;
  /** Every notification so far, in the order it arrived. */
  readonly received: Delivery<Body>[];
  close(): Promise<void>;
}

export async function startWebhookReceiver<Body>(): Promise<WebhookReceiver<Body>> {
  const received: Delivery<Body>[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: JSON.parse(text) as Body });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
