// The record processor the KCL MultiLangDaemon starts for each shard it
// leases: `node record-processor.js <bridge socket>`. It speaks the daemon's
// protocol on stdin/stdout through aws-kcl and hands every batch to the
// service process over the bridge (bridge-messages.ts), checkpointing a batch
// only once the service answered that its handler resolved.
//
// stdout belongs to the protocol: nothing else may ever be written there.
// Logs go to the service over the bridge; stderr (which the daemon copies into
// its own log) is the last resort when the bridge is gone.
//
// A batch that cannot be handled (the service is stopping past its deadline,
// or the bridge is gone) must be neither checkpointed nor acknowledged, or the
// KCL would move on past it: the process exits non-zero instead. The
// MultiLangDaemon then exits too, and the shard is read again from its last
// checkpoint by whichever worker leases it next.
//
// Self-contained (node: and aws-kcl imports, erasable syntax, type-only local
// imports) so Node can run the TypeScript source directly in tests as well as
// the compiled file.
import { createConnection, type Socket } from 'node:net';
import { createInterface } from 'node:readline';

import kcl from 'aws-kcl';

import type { BridgeReply, BridgeRequest, ChildMessage, LogNotice } from './bridge-messages.js';

type RequestBody = BridgeRequest extends infer R ? (R extends BridgeRequest ? Omit<R, 'id'> : never) : never;

const socketPath = process.argv[2];
if (socketPath === undefined || socketPath === '') fail('usage: record-processor <bridge socket path>');

// The daemon ends a processor by closing its stdin after shutdownRequested and
// leaseLost; a SIGTERM to the whole process group (the service's supervisor
// stopping the daemon) must not cut that final checkpoint short.
process.on('SIGTERM', () => undefined);
process.on('SIGINT', () => undefined);

function fail(reason: string): never {
  process.stderr.write(`record-processor ${process.pid}: ${reason}; exiting without acknowledging\n`);
  process.exit(1);
}

/** The service side of the bridge: requests answered in any order, matched by id. */
class Bridge {
  private readonly socket: Socket;
  private readonly pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private ending = false;

  private constructor(socket: Socket) {
    this.socket = socket;
    createInterface({ input: socket }).on('line', (line) => {
      this.settle(JSON.parse(line) as BridgeReply);
    });
    socket.on('error', () => undefined);
    socket.once('close', () => {
      for (const { reject } of this.pending.values()) reject(new Error('the bridge to the service closed'));
      this.pending.clear();
      // Without the service no batch can be handled: leave before the daemon hands over the next one.
      if (!this.ending) fail('the bridge to the service closed');
    });
  }

  static connect(path: string): Promise<Bridge> {
    return new Promise((resolve, reject) => {
      const socket = createConnection(path);
      socket.once('connect', () => {
        resolve(new Bridge(socket));
      });
      socket.once('error', reject);
    });
  }

  request(body: RequestBody): Promise<void> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ ...body, id });
    });
  }

  log(level: LogNotice['level'], message: string, shardId: string | undefined): void {
    this.send({ type: 'log', level, message, ...(shardId === undefined ? {} : { shardId }) });
  }

  /** Closes the bridge once written out; the process then has nothing left to wait for. */
  end(): void {
    this.ending = true;
    this.socket.end();
  }

  private send(message: ChildMessage): void {
    this.socket.write(`${JSON.stringify(message)}\n`);
  }

  private settle(reply: BridgeReply): void {
    const waiting = this.pending.get(reply.id);
    if (waiting === undefined) return;
    this.pending.delete(reply.id);
    if (reply.ok) waiting.resolve();
    else waiting.reject(new Error(reply.error));
  }
}

function checkpoint(checkpointer: kcl.Checkpointer, sequenceNumber?: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const done: kcl.CheckpointCallback = (error) => {
      resolve(error ?? undefined);
    };
    if (sequenceNumber === undefined) checkpointer.checkpoint(done);
    else checkpointer.checkpoint(sequenceNumber, done);
  });
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const bridge = await Bridge.connect(socketPath).catch((error: unknown) => {
  fail(`cannot reach the service's bridge at ${socketPath}: ${reason(error)}`);
});

let shardId: string | undefined;
/** The last sequence number the service handled, and the last one checkpointed. */
let handled: string | undefined;
let checkpointed: string | undefined;

/**
 * A failed checkpoint loses nothing: the next one (or the next owner reading
 * from the previous checkpoint) covers the batch, at worst handled twice.
 * The usual cause is a lease lost meanwhile, which the KCL reports next.
 */
async function checkpointHandled(checkpointer: kcl.Checkpointer): Promise<void> {
  if (handled === undefined || handled === checkpointed) return;
  const target = handled;
  const error = await checkpoint(checkpointer, target);
  if (error === undefined) checkpointed = target;
  else bridge.log('warn', `checkpoint at ${target} failed: ${error}`, shardId);
}

async function end(why: 'leaseLost' | 'shardEnded' | 'shutdownRequested'): Promise<void> {
  if (shardId === undefined) return;
  // Informational: a bridge gone by now changes nothing for the shard.
  await bridge.request({ type: 'ended', shardId, reason: why }).catch(() => undefined);
}

kcl({
  initialize(input, completeCallback) {
    shardId = input.shardId;
    bridge
      .request({ type: 'initialize', shardId, pid: process.pid, sequenceNumber: input.sequenceNumber ?? null })
      .then(completeCallback, (error: unknown) => {
        fail(`initialize of ${input.shardId} not acknowledged: ${reason(error)}`);
      });
  },

  processRecords(input, completeCallback) {
    const last = input.records[input.records.length - 1];
    if (last === undefined || shardId === undefined) {
      completeCallback();
      return;
    }
    bridge
      .request({
        type: 'records',
        shardId,
        millisBehindLatest: input.millisBehindLatest ?? null,
        records: input.records,
      })
      .then(
        async () => {
          handled = last.sequenceNumber;
          await checkpointHandled(input.checkpointer);
          completeCallback();
        },
        (error: unknown) => {
          fail(`batch of ${shardId} up to ${last.sequenceNumber} not handled: ${reason(error)}`);
        },
      );
  },

  leaseLost(_input, completeCallback) {
    // Another worker owns the shard now: checkpointing is no longer ours to do.
    void end('leaseLost').then(completeCallback);
  },

  shardEnded(input, completeCallback) {
    // Every record of the closed shard was handled (each batch before it was
    // acknowledged only after that); checkpointing at SHARD_END lets the KCL
    // start the child shards.
    void checkpoint(input.checkpointer).then(async (error) => {
      if (error !== undefined) bridge.log('error', `checkpoint at SHARD_END failed: ${error}`, shardId);
      await end('shardEnded');
      completeCallback();
    });
  },

  shutdownRequested(input, completeCallback) {
    void checkpointHandled(input.checkpointer)
      .then(() => end('shutdownRequested'))
      .then(completeCallback);
  },
}).run();

// The daemon closes stdin once it is done with this processor (after leaseLost
// or shardEnded, or when it exits): then the bridge closes and the process ends.
process.stdin.once('end', () => {
  bridge.end();
});
