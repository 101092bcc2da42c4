import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { KinesisClient, UpdateShardCountCommand } from '@aws-sdk/client-kinesis';
import { localAwsClientConfig, waitUntil } from '@fraud/testing';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

import type { IncomingRecord, OutgoingRecord, StreamConsumer, StreamTransport } from '../stream-transport.js';
import { committedPositions, isCommitted } from './support/committed-positions.js';
import { readHandled, startConsumerProcess, type HandledLine } from './support/consumer-process.js';
import { keysOutOfOrder, makeRecords, payloadOf, uniqueName, type TestPayload } from './support/records.js';
import { TRANSPORT_KINDS, transportEnv, transportFor, type TransportKind } from './support/transport-for.js';

// One suite, unchanged for both transports, on the real stack: a Kafka broker,
// or kinesis-local + dynalite + the KCL MultiLangDaemon.

async function publishAll(
  transport: StreamTransport,
  stream: string,
  records: readonly OutgoingRecord[],
): Promise<void> {
  for (let start = 0; start < records.length; start += 500) {
    await transport.publisher.publish(stream, records.slice(start, start + 500));
  }
}

/** A consumer that records what it handled, per partition. */
function recordingConsumer(
  transport: StreamTransport,
  stream: string,
  group: string,
): { consumer: StreamConsumer; seen: IncomingRecord[]; ids: () => Set<string> } {
  const seen: IncomingRecord[] = [];
  const consumer = transport.consumer({
    stream,
    group,
    handler: async (batch) => {
      seen.push(...batch.records);
    },
  });
  return { consumer, seen, ids: () => new Set(seen.map((record) => payloadOf(record).id)) };
}

function idsOf(lines: readonly HandledLine[]): Set<string> {
  return new Set(lines.map((line) => (JSON.parse(line.value) as TestPayload).id));
}

/** Records at or before a committed position that the handled file does not show: must be none. */
function committedButUnhandled(
  kind: TransportKind,
  committed: Map<string, string>,
  handledBeforeCommit: readonly HandledLine[],
  everyRecord: readonly HandledLine[],
): string[] {
  const handled = new Set(handledBeforeCommit.map((line) => `${line.partition}/${line.position}`));
  return everyRecord
    .filter((line) => {
      const position = committed.get(line.partition);
      return position !== undefined && isCommitted(kind, line.position, position);
    })
    .map((line) => `${line.partition}/${line.position}`)
    .filter((where) => !handled.has(where));
}

// A KCL application's first start waits up to 30 s (hard-coded) before it takes leases.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

describe.each(TRANSPORT_KINDS)('%s transport', (kind) => {
  const infraEnv = inject('infraEnv');
  let transport: StreamTransport;
  let workDir: string;

  beforeAll(async () => {
    transport = transportFor(kind, infraEnv);
    await transport.connect();
    workDir = await mkdtemp(join(tmpdir(), `transport-contract-${kind}-`));
  });

  afterAll(async () => {
    await transport.close();
    await rm(workDir, { recursive: true, force: true });
  });

  /**
   * Publishes 3,000 records, lets a consumer process handle some 800 of them,
   * interrupts it with `signal`, reads what it had handled and committed at
   * that moment, then lets a restarted process finish the stream.
   */
  async function interruptAndRestart(name: string, signal: NodeJS.Signals) {
    const stream = uniqueName(name);
    const group = uniqueName('group');
    const outFile = join(workDir, `${stream}.handled`);
    await transport.ensureStreams([stream], 4);
    const records = makeRecords(3_000, 60);
    await publishAll(transport, stream, records);
    const env = {
      ...transportEnv(kind, infraEnv),
      STREAM: stream,
      GROUP: group,
      OUT_FILE: outFile,
      HANDLER_DELAY_MS: '1',
    };

    const first = await startConsumerProcess(env);
    await waitUntil(async () => (await readHandled(outFile)).length >= 800, {
      description: `800 records handled before ${signal}`,
      timeoutMs: 120_000,
    });
    const exit = await first.signal(signal);
    const handledBeforeInterrupt = await readHandled(outFile);
    const committedAtInterrupt = await committedPositions(kind, infraEnv, stream, group);

    const second = await startConsumerProcess(env);
    await waitUntil(async () => idsOf(await readHandled(outFile)).size === records.length, {
      description: 'every record handled after the restart',
      timeoutMs: 180_000,
      intervalMs: 250,
    });
    await second.signal('SIGTERM');
    return {
      published: records.length,
      exit,
      handledBeforeInterrupt,
      committedAtInterrupt,
      everything: await readHandled(outFile),
    };
  }

  it('keeps per-key order over 10,000 records on 4 partitions', async () => {
    const stream = uniqueName('order');
    await transport.ensureStreams([stream], 4);
    const records = makeRecords(10_000, 200);
    const { consumer, seen, ids } = recordingConsumer(transport, stream, uniqueName('group'));
    await consumer.start();
    await publishAll(transport, stream, records);
    await waitUntil(async () => Promise.resolve(ids().size === records.length), {
      description: 'all 10,000 records handled',
      timeoutMs: 120_000,
      intervalMs: 250,
    });
    await consumer.stop();

    expect(keysOutOfOrder(seen.map(payloadOf))).toEqual([]);
    expect(new Set(seen.map((record) => record.partition)).size).toBe(4);
    // Each key lives on exactly one partition.
    const partitionsPerKey = new Map<string, Set<string>>();
    for (const record of seen)
      partitionsPerKey.set(record.key, (partitionsPerKey.get(record.key) ?? new Set()).add(record.partition));
    expect([...partitionsPerKey.values()].every((partitions) => partitions.size === 1)).toBe(true);
  });

  it('after kill -9 mid-batch and a restart, handles every record and never committed past an unhandled one', async () => {
    const run = await interruptAndRestart('crash', 'SIGKILL');

    expect(run.handledBeforeInterrupt.length).toBeLessThan(run.published);
    expect(idsOf(run.everything).size).toBe(run.published);
    expect(committedButUnhandled(kind, run.committedAtInterrupt, run.handledBeforeInterrupt, run.everything)).toEqual(
      [],
    );
  });

  it('shares the partitions between two consumers of one group, and one takes over when the other stops', async () => {
    const stream = uniqueName('share');
    const group = uniqueName('group');
    await transport.ensureStreams([stream], 4);
    const second = transportFor(kind, infraEnv);
    await second.connect();
    const a = recordingConsumer(transport, stream, group);
    const b = recordingConsumer(second, stream, group);
    try {
      await a.consumer.start();
      await b.consumer.start();
      // Publish until both have work: Kafka rebalances at once, the KCL balances leases over a few seconds.
      await waitUntil(
        async () => {
          await publishAll(transport, stream, makeRecords(200, 40));
          return a.seen.length > 0 && b.seen.length > 0;
        },
        { description: 'both consumers handling records', timeoutMs: 120_000, intervalMs: 500 },
      );
      const partitionsOfA = new Set(a.seen.map((record) => record.partition));
      const partitionsOfB = new Set(b.seen.map((record) => record.partition));
      expect(partitionsOfA.size + partitionsOfB.size).toBeGreaterThanOrEqual(4);

      await a.consumer.stop();
      const afterStop = makeRecords(400, 40, uniqueName('after-stop'));
      await publishAll(transport, stream, afterStop);
      const wanted = new Set(afterStop.map((record) => payloadOf(record).id));
      await waitUntil(async () => Promise.resolve([...wanted].every((id) => b.ids().has(id))), {
        description: 'the remaining consumer handling every partition',
        timeoutMs: 120_000,
        intervalMs: 250,
      });
      const partitionsAfterStop = new Set(
        b.seen.filter((record) => wanted.has(payloadOf(record).id)).map((record) => record.partition),
      );
      expect(partitionsAfterStop.size).toBe(4);
    } finally {
      await b.consumer.stop();
      await second.close();
    }
  });

  it('exits within 30 s of SIGTERM under load, commits nothing unhandled, and loses nothing', async () => {
    const run = await interruptAndRestart('sigterm', 'SIGTERM');

    expect(run.exit.code).toBe(0);
    expect(run.exit.elapsedMs).toBeLessThan(30_000);
    expect(run.committedAtInterrupt.size).toBeGreaterThan(0);
    expect(committedButUnhandled(kind, run.committedAtInterrupt, run.handledBeforeInterrupt, run.everything)).toEqual(
      [],
    );
    expect(idsOf(run.everything).size).toBe(run.published);
  });

  it.runIf(kind === 'kinesis')(
    'loses nothing and keeps per-key order when a shard splits during consumption',
    async () => {
      const stream = uniqueName('split');
      await transport.ensureStreams([stream], 2);
      // One sequence per key across the split: the first half goes to the parents, the rest to the children.
      const records = makeRecords(2_000, 50);
      const { consumer, seen, ids } = recordingConsumer(transport, stream, uniqueName('group'));
      await consumer.start();
      await publishAll(transport, stream, records.slice(0, 1_000));
      const kinesis = new KinesisClient(localAwsClientConfig(String(infraEnv.KINESIS_ENDPOINT)));
      try {
        await kinesis.send(
          new UpdateShardCountCommand({ StreamName: stream, TargetShardCount: 4, ScalingType: 'UNIFORM_SCALING' }),
        );
      } finally {
        kinesis.destroy();
      }
      await publishAll(transport, stream, records.slice(1_000));
      await waitUntil(async () => Promise.resolve(ids().size === records.length), {
        description: 'every record from parent and child shards handled',
        timeoutMs: 180_000,
        intervalMs: 250,
      });
      await consumer.stop();

      expect(keysOutOfOrder(seen.map(payloadOf))).toEqual([]);
      expect(new Set(seen.map((record) => record.partition)).size).toBeGreaterThan(2);
    },
  );
});
