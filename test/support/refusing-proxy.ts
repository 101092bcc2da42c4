import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RefusingProxy {
  /** Where a service is pointed instead of the target. */
  readonly url: string;
  /** From now on every request is refused (its connection reset) before it reaches the target; those forwarded already complete. */
  refuse(): void;
  /** Forwards every request again. */
  forward(): void;
  /** Requests refused so far. */
  refused(): number;
  close(): Promise<void>;
}

/**
 * An HTTP proxy on loopback in front of `target` that a test switches off
 * and on: switched off, the target is unreachable for new requests, as when
 * a service is down, while a request it already took is answered. (Cutting
 * the TCP connections instead can lose the answer to a request the target
 * carried out, which the caller must then send again: a different failure.)
 */
export async function startRefusingProxy(target: string): Promise<RefusingProxy> {
  const upstream = new URL(target);
  let refusing = false;
  let refused = 0;
  const forward = (incoming: IncomingMessage, outgoing: ServerResponse): void => {
    const call = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    call.on('error', () => outgoing.destroy());
    incoming.pipe(call);
  };
  const server = createServer((incoming, outgoing) => {
    if (refusing) {
      refused += 1;
      incoming.socket.destroy();
      return;
    }
    forward(incoming, outgoing);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    refuse: () => {
      refusing = true;
    },
    forward: () => {
      refusing = false;
    },
    refused: () => refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
