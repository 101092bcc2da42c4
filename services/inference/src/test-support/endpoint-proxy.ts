import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import { freePort } from '@fraud/testing';

/** What the proxy does with the calls that come next. */
type Fault = { kind: 'delay'; ms: number } | { kind: 'answer'; answer: 'status-500' | 'garbage'; remaining: number };

export interface EndpointProxy {
  /** Where the service is pointed instead of the endpoint (SAGEMAKER_RUNTIME_ENDPOINT). */
  readonly url: string;
  /** Calls received so far. */
  requests(): number;
  /** Every call from now waits this long before it is forwarded: a slow endpoint. */
  delayBy(ms: number): void;
  /** The next `count` calls get a 500 (as SageMaker's InternalFailure) or a 200 whose body is not scores; then calls are forwarded again. */
  failNext(count: number, answer: 'status-500' | 'garbage'): void;
  /** Forwards every call as it comes. */
  heal(): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server between the service and the model endpoint, on
 * loopback: it forwards calls unchanged unless told to be slow or to fail.
 * The endpoint's answers stay the model's; only what the network and a
 * failing endpoint would do is added.
 */
export async function startEndpointProxy(target: string): Promise<EndpointProxy> {
  const upstream = new URL(target);
  let fault: Fault | undefined;
  let requests = 0;

  const forward = (incoming: IncomingMessage, body: Buffer, outgoing: ServerResponse): void => {
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
    call.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    call.end(body);
  };

  const handle = async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    requests += 1;
    const now = fault;
    if (now?.kind === 'answer' && now.remaining > 0) {
      now.remaining -= 1;
      if (now.answer === 'status-500') {
        outgoing.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalFailure' });
        outgoing.end(JSON.stringify({ message: 'An internal error occurred (test proxy).' }));
      } else {
        outgoing.writeHead(200, { 'content-type': 'text/csv' });
        outgoing.end('<html><body>502 Bad Gateway</body></html>\n');
      }
      return;
    }
    if (now?.kind === 'delay') await sleep(now.ms);
    // The caller may have given up meanwhile (its timeout): nothing to answer.
    if (outgoing.destroyed) return;
    forward(incoming, Buffer.concat(chunks), outgoing);
  };

  const server = createServer((incoming, outgoing) => {
    handle(incoming, outgoing).catch(() => {
      outgoing.destroy();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    delayBy: (ms) => {
      fault = { kind: 'delay', ms };
    },
    failNext: (count, answer) => {
      fault = { kind: 'answer', answer, remaining: count };
    },
    heal: () => {
      fault = undefined;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
      }),
  };
}
