import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the receiver got: its raw body and headers. */
export interface WebhookRequest {
  body: string;
  headers: IncomingHttpHeaders;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly requests: readonly WebhookRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback standing in for a webhook's receiver:
 * records every request and answers each with the status `answer` returns.
 */
export async function startWebhookReceiver(answer: (request: WebhookRequest) => number): Promise<WebhookReceiver> {
  const requests: WebhookRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { body: Buffer.concat(chunks).toString('utf8'), headers: req.headers };
      requests.push(request);
      res.statusCode = answer(request);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/fraud-alerts`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
