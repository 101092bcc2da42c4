import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { afterEach, describe, expect, it } from 'vitest';

import type { BridgeReply, BridgeRequest, LogNotice } from './bridge-messages.js';
import { BridgeServer, type BridgeConnection } from './bridge-server.js';

const cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

interface Received {
  requests: { request: BridgeRequest; connection: BridgeConnection }[];
  logs: LogNotice[];
  errors: string[];
}

async function serve(
  onRequest: (request: BridgeRequest) => Promise<void>,
): Promise<{ server: BridgeServer; socketPath: string; received: Received }> {
  const dir = await mkdtemp(join(tmpdir(), 'bridge-test-'));
  const socketPath = join(dir, 'bridge.sock');
  const received: Received = { requests: [], logs: [], errors: [] };
  const server = await BridgeServer.listen(socketPath, {
    onRequest: (request, connection) => {
      received.requests.push({ request, connection });
      return onRequest(request);
    },
    onLog: (notice) => received.logs.push(notice),
    onProtocolError: (error) => received.errors.push(error.message),
  });
  cleanup.push(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { server, socketPath, received };
}

/** A child's end: sends lines, collects the replies. */
async function connect(
  socketPath: string,
): Promise<{ socket: Socket; send: (line: string) => void; replies: BridgeReply[] }> {
  const socket = createConnection(socketPath);
  await new Promise((resolve) => socket.once('connect', resolve));
  const replies: BridgeReply[] = [];
  createInterface({ input: socket }).on('line', (line) => replies.push(JSON.parse(line) as BridgeReply));
  cleanup.push(async () => {
    socket.destroy();
    await Promise.resolve();
  });
  return { socket, send: (line) => socket.write(`${line}\n`), replies };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('BridgeServer', () => {
  it('answers each request by id: ok when the handler resolves, the error message when it rejects', async () => {
    const { socketPath, received } = await serve((request) =>
      request.type === 'records' ? Promise.reject(new Error('stopping')) : Promise.resolve(),
    );
    const child = await connect(socketPath);

    child.send(
      JSON.stringify({
        id: 1,
        type: 'initialize',
        shardId: 'shardId-000000000003',
        pid: 4242,
        sequenceNumber: 'TRIM_HORIZON',
      }),
    );
    child.send(
      JSON.stringify({ id: 2, type: 'records', shardId: 'shardId-000000000003', millisBehindLatest: 0, records: [] }),
    );
    await until(() => child.replies.length === 2);

    expect([...child.replies].sort((a, b) => a.id - b.id)).toEqual([
      { id: 1, ok: true },
      { id: 2, ok: false, error: 'stopping' },
    ]);
    expect(received.requests.map(({ request }) => request.type)).toEqual(['initialize', 'records']);
  });

  it('passes log notices on unanswered and reports lines that are not JSON', async () => {
    const { socketPath, received } = await serve(() => Promise.resolve());
    const child = await connect(socketPath);

    child.send(
      JSON.stringify({ type: 'log', level: 'warn', shardId: 'shardId-000000000000', message: 'checkpoint failed' }),
    );
    child.send('not json');
    await until(() => received.logs.length === 1 && received.errors.length === 1);

    expect(received.logs).toEqual([
      { type: 'log', level: 'warn', shardId: 'shardId-000000000000', message: 'checkpoint failed' },
    ]);
    expect(child.replies).toEqual([]);
  });

  it('lists the connected processors and resolves allDisconnected once the last one is gone', async () => {
    const { server, socketPath, received } = await serve(() => Promise.resolve());
    const first = await connect(socketPath);
    const second = await connect(socketPath);
    await until(() => server.connections.length === 2);
    let drained = false;
    void server.allDisconnected().then(() => {
      drained = true;
    });

    first.send(JSON.stringify({ id: 1, type: 'initialize', shardId: 'shardId-000000000000', pid: 1 }));
    await until(() => first.replies.length === 1);
    first.socket.destroy();
    await until(() => server.connections.length === 1);
    expect(drained).toBe(false);
    expect(received.requests[0]?.connection.closed.aborted).toBe(true);

    second.socket.destroy();
    await until(() => drained);
    expect(server.connections).toEqual([]);
  });
});
