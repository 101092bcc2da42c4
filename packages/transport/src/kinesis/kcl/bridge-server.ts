import { createServer, type Server, type Socket } from 'node:net';
import { createInterface } from 'node:readline';

import type { BridgeReply, BridgeRequest, ChildMessage, LogNotice } from './bridge-messages.js';

/** One record processor's connection: one shard, for as long as that child lives. */
export interface BridgeConnection {
  readonly id: number;
  /** Set by the processor's initialize request. */
  shardId: string | undefined;
  pid: number | undefined;
  /** Aborted when the connection closes: the child is gone, nobody waits for an answer. */
  readonly closed: AbortSignal;
}

export interface BridgeHandlers {
  /** Resolving answers the child ok; rejecting answers it failed, with the error's message. */
  onRequest(request: BridgeRequest, connection: BridgeConnection): Promise<void>;
  onLog(notice: LogNotice, connection: BridgeConnection): void;
  /** A message that is not JSON or not a known request. */
  onProtocolError(error: Error, connection: BridgeConnection): void;
}

/**
 * The service's end of the bridge (bridge-messages.ts): a Unix domain socket
 * server that turns each line a record processor sends into a handler call
 * and answers it by id when the call settles.
 */
export class BridgeServer {
  private readonly server: Server;
  private readonly handlers: BridgeHandlers;
  private readonly sockets = new Map<Socket, BridgeConnection>();
  private readonly drained = new Set<() => void>();
  private nextConnectionId = 1;

  private constructor(server: Server, handlers: BridgeHandlers) {
    this.server = server;
    this.handlers = handlers;
    server.on('connection', (socket) => {
      this.accept(socket);
    });
  }

  static async listen(socketPath: string, handlers: BridgeHandlers): Promise<BridgeServer> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new BridgeServer(server, handlers);
  }

  /** The processors connected now. */
  get connections(): readonly BridgeConnection[] {
    return [...this.sockets.values()];
  }

  /** Resolves once no processor is connected (at once if none is). */
  allDisconnected(): Promise<void> {
    if (this.sockets.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.add(resolve));
  }

  /** Stops accepting, drops the connections left, and resolves once the socket file is gone. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
    for (const socket of this.sockets.keys()) socket.destroy();
    await closed;
  }

  private accept(socket: Socket): void {
    const closedController = new AbortController();
    const connection: BridgeConnection = {
      id: this.nextConnectionId++,
      shardId: undefined,
      pid: undefined,
      closed: closedController.signal,
    };
    this.sockets.set(socket, connection);
    // A child that died mid-write is seen as a close; the error itself says nothing more.
    socket.on('error', () => undefined);
    socket.once('close', () => {
      this.sockets.delete(socket);
      closedController.abort(new Error(`record processor connection ${connection.id} closed`));
      if (this.sockets.size === 0) {
        for (const resolve of this.drained) resolve();
        this.drained.clear();
      }
    });
    createInterface({ input: socket, crlfDelay: Infinity }).on('line', (line) => {
      this.receive(line, socket, connection);
    });
  }

  private receive(line: string, socket: Socket, connection: BridgeConnection): void {
    let message: ChildMessage;
    try {
      message = JSON.parse(line) as ChildMessage;
    } catch (error) {
      this.handlers.onProtocolError(error instanceof Error ? error : new Error(String(error)), connection);
      return;
    }
    if (message.type === 'log') {
      this.handlers.onLog(message, connection);
      return;
    }
    if (typeof message.id !== 'number') {
      this.handlers.onProtocolError(new Error(`request without an id: ${line.slice(0, 200)}`), connection);
      return;
    }
    const { id } = message;
    this.handlers.onRequest(message, connection).then(
      () => {
        reply(socket, { id, ok: true });
      },
      (error: unknown) => {
        reply(socket, { id, ok: false, error: error instanceof Error ? error.message : String(error) });
      },
    );
  }
}

function reply(socket: Socket, message: BridgeReply): void {
  // The child may be gone by the time a long batch is done; the answer then has no reader.
  if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
}
