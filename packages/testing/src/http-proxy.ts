import { createServer, request, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** An answer the proxy gives in the target's place. */
export interface CannedAnswer {
  status: number;
  headers?: OutgoingHttpHeaders;
  body: string;
}

/** What the proxy does with the calls that come next, instead of forwarding them as they come. */
type Fault =
  { kind: 'refuse' } | { kind: 'delay'; ms: number } | { kind: 'answer'; answer: CannedAnswer; remaining: number };

export interface HttpProxy {
  /** Where the client under test is pointed instead of the target. */
  readonly url: string;
  /** Calls received so far, refused ones included. */
  requests(): number;
  /** Calls refused so far. */
  refused(): number;
  /**
   * From now on every call is refused (its connection reset) before it
   * reaches the target, as when the target is down; calls forwarded already
   * are answered.
   */
  refuse(): void;
  /** Every call from now on waits this long before it is forwarded: a slow target. */
  delayBy(ms: number): void;
  /** The next `count` calls get `answer` without reaching the target; then calls are forwarded again. */
  answerNext(count: number, answer: CannedAnswer): void;
  /** Forwards every call as it comes. */
  forward(): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback between a client under test and `target`
 * (an emulator, a service): it forwards calls unchanged unless told to be
 * slow, to answer in the target's place, or to refuse them. The target
 * itself keeps running, with its state, for the tests that share it.
 *
 * Refusing resets each new call rather than cutting the open connections:
 * a cut can lose the answer to a call the target carried out, which the
 * client must then send again, a different failure from a target that is
 * down.
 */
export async function startHttpProxy(target: string): Promise<HttpProxy> {
  const upstream = new URL(target);
  let fault: Fault | undefined;
  let requests = 0;
  let refused = 0;

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
      if (outgoing.headersSent) outgoing.destroy();
      else outgoing.writeHead(502).end();
    });
    call.end(body);
  };

  const handle = async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    requests += 1;
    if (fault?.kind === 'refuse') {
      refused += 1;
      incoming.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const now = fault;
    if (now?.kind === 'answer' && now.remaining > 0) {
      now.remaining -= 1;
      outgoing.writeHead(now.answer.status, now.answer.headers);
      outgoing.end(now.answer.body);
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
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    refused: () => refused,
    refuse: () => {
      fault = { kind: 'refuse' };
    },
    delayBy: (ms) => {
      fault = { kind: 'delay', ms };
    },
    answerNext: (count, answer) => {
      fault = { kind: 'answer', answer, remaining: count };
    },
    forward: () => {
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
