import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DeleteStreamCommand, UpdateShardCountCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { isAlive } from '@fraud/supervisor';
import { localAwsClientConfig, waitUntil } from '@fraud/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { TransportMetrics } from '../../metrics/transport-metrics.js';
import type { BatchHandler, IncomingRecord } from '../../stream-transport.js';
import { createKinesisClient } from '../kinesis-client.js';
import { KinesisPublisher } from '../kinesis-publisher.js';
import { ensureKinesisStreams } from '../kinesis-streams.js';
import { KinesisTransport } from '../kinesis-transport.js';
import { KclConsumer } from './kcl-consumer.js';
import { LOCAL_KCL_TIMINGS } from './multilang-properties.js';

// The daemon's first start in a new application waits a random 1-30 s for
// another worker to fill the empty lease table (KCL 2.5 Scheduler), so each
// test that starts a new group may spend half its time there.
const infra = inject('infra');
const logger = pino({ level: 'warn' }, pino.destination(2));
const run = randomBytes(4).toString('hex');
const SHARDS = 2;

let kinesis: KinesisClient;
let dynamo: DynamoDBClient;
const streams: string[] = [];

beforeAll(() => {
  // The daemon reads its credentials from the environment, like a service's.
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  kinesis = createKinesisClient({ region: infra.awsRegion, endpoint: infra.kinesisEndpoint });
  dynamo = new DynamoDBClient(localAwsClientConfig(infra.dynamodbEndpoint, infra.awsRegion));
});

afterAll(async () => {
  for (const stream of streams) await kinesis.send(new DeleteStreamCommand({ StreamName: stream }));
  kinesis.destroy();
  dynamo.destroy();
});

async function newStream(name: string): Promise<string> {
  const stream = `kcl-${name}-${run}`;
  await ensureKinesisStreams(kinesis, [stream], SHARDS);
  streams.push(stream);
  return stream;
}

/** Publishes records `from`..`to - 1`: value `n`, key `card-<n mod keys>`, per-key order kept by the publisher. */
async function publish(stream: string, from: number, to: number, keys = 20): Promise<void> {
  const publisher = new KinesisPublisher({ client: kinesis, metrics: new TransportMetrics(), logger });
  const records = Array.from({ length: to - from }, (_, i) => ({
    key: `card-${(from + i) % keys}`,
    value: Buffer.from(String(from + i)),
  }));
  await publisher.publish(stream, records);
}

function consumer(
  stream: string,
  group: string,
  handler: BatchHandler,
  metrics = new TransportMetrics(),
  stopTimeoutMs?: number,
): KclConsumer {
  return new KclConsumer({
    stopTimeoutMs,
    consume: { stream, group, handler },
    region: infra.awsRegion,
    kinesisEndpoint: infra.kinesisEndpoint,
    dynamodbEndpoint: infra.dynamodbEndpoint,
    logger,
    metrics,
    timings: LOCAL_KCL_TIMINGS,
    retryBackoff: { initialMs: 20, maxMs: 100, multiplier: 2 },
  });
}

/** The `checkpoint` attribute of each shard's lease in the group's lease table. */
async function checkpoints(group: string): Promise<Record<string, string>> {
  const { Items = [] } = await dynamo.send(new ScanCommand({ TableName: group }));
  return Object.fromEntries(Items.map((item) => [item.leaseKey?.S ?? '', item.checkpoint?.S ?? '']));
}

/** The last position handled in each shard. */
function lastPositions(records: readonly IncomingRecord[]): Record<string, string> {
  const last: Record<string, string> = {};
  for (const record of records) last[record.partition] = record.position;
  return last;
}

function values(records: readonly IncomingRecord[]): number[] {
  return records.map((record) => Number(record.value.toString())).sort((a, b) => a - b);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

async function handledCount(records: readonly IncomingRecord[], count: number, timeoutMs = 45_000): Promise<void> {
  await waitUntil(() => Promise.resolve(records.length >= count), {
    description: `${count} records handled (have ${records.length})`,
    timeoutMs,
  });
}

async function checkpointedAt(group: string, expected: Record<string, string>): Promise<void> {
  const sorted = (map: Record<string, string>): string => JSON.stringify(Object.entries(map).sort());
  await waitUntil(async () => sorted(await checkpoints(group)) === sorted(expected), {
    description: `checkpoints of ${group} at ${JSON.stringify(expected)}`,
    timeoutMs: 10_000,
  });
}

function rssMegabytes(pid: number | undefined): Promise<number> {
  if (pid === undefined) return Promise.resolve(Number.NaN);
  return readFile(`/proc/${pid}/status`, 'utf8').then((status) => Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024);
}

describe('KclConsumer (MultiLangDaemon, kinesis-local, dynalite)', () => {
  it('KinesisTransport publishes and consumes through the daemon: every record once, in key order within its shard, each shard checkpointed at its last record', async () => {
    const metrics = new TransportMetrics();
    const transport = new KinesisTransport({
      region: infra.awsRegion,
      endpoint: infra.kinesisEndpoint,
      dynamodbEndpoint: infra.dynamodbEndpoint,
      logger,
      metrics,
    });
    const stream = `kcl-order-${run}`;
    const group = `kcl-order-${run}`;
    await transport.ensureStreams([stream], SHARDS);
    streams.push(stream);
    await transport.connect();
    await transport.publisher.publish(
      stream,
      range(0, 200).map((n) => ({ key: `card-${n % 20}`, value: Buffer.from(String(n)) })),
    );
    const handled: IncomingRecord[] = [];
    const batchesOfOneShard: boolean[] = [];
    const kcl = transport.consumer({
      stream,
      group,
      handler: (batch) => {
        batchesOfOneShard.push(batch.records.every((record) => record.partition === batch.partition));
        handled.push(...batch.records);
        return Promise.resolve();
      },
    });
    const started = Date.now();
    try {
      await kcl.start();
      const startMs = Date.now() - started;
      await handledCount(handled, 200);
      const daemon = kcl instanceof KclConsumer ? kcl.processIds.daemon : undefined;
      logger.warn(
        { startMs, allHandledMs: Date.now() - started, daemonRssMb: await rssMegabytes(daemon) },
        'KCL timings',
      );

      expect(values(handled)).toEqual(range(0, 200));
      expect(batchesOfOneShard.every(Boolean)).toBe(true);
      const shardsOfKey = new Map<string, Set<string>>();
      const valuesOfKey = new Map<string, number[]>();
      for (const record of handled) {
        shardsOfKey.set(record.key, (shardsOfKey.get(record.key) ?? new Set()).add(record.partition));
        valuesOfKey.set(record.key, [...(valuesOfKey.get(record.key) ?? []), Number(record.value.toString())]);
      }
      expect(shardsOfKey.size).toBe(20);
      for (const shards of shardsOfKey.values()) expect(shards.size).toBe(1);
      for (const seen of valuesOfKey.values()) expect(seen).toEqual([...seen].sort((a, b) => a - b));
      const shards = [...new Set(handled.map((record) => record.partition))].sort();
      expect(shards).toEqual(['shardId-000000000000', 'shardId-000000000001']);
      for (const shard of shards) {
        const positions = handled
          .filter((record) => record.partition === shard)
          .map((record) => BigInt(record.position));
        expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      }

      await checkpointedAt(group, lastPositions(handled));
      const lag = (await metrics.millisBehindLatest.get()).values.map((value) => value.labels.partition).sort();
      expect(lag).toEqual(shards);
    } finally {
      await kcl.stop();
      await transport.close();
    }
    expect((await metrics.millisBehindLatest.get()).values).toEqual([]);
  });

  it('retries a batch whose handler fails twice until it succeeds, skipping nothing', async () => {
    const stream = await newStream('retry');
    const group = `kcl-retry-${run}`;
    await publish(stream, 0, 20);
    let calls = 0;
    const failed: string[][] = [];
    const succeeded: string[][] = [];
    const handled: IncomingRecord[] = [];
    const metrics = new TransportMetrics();
    const kcl = consumer(
      stream,
      group,
      (batch) => {
        calls++;
        const positions = batch.records.map((record) => record.position);
        if (calls <= 2) {
          failed.push(positions);
          return Promise.reject(new Error(`handler failure ${calls}`));
        }
        succeeded.push(positions);
        handled.push(...batch.records);
        return Promise.resolve();
      },
      metrics,
    );
    try {
      await kcl.start();
      await handledCount(handled, 20);

      expect(values(handled)).toEqual(range(0, 20));
      expect(failed).toHaveLength(2);
      // The failed batches came again, whole and unchanged, and nothing else came twice.
      for (const positions of failed) expect(succeeded).toContainEqual(positions);
      expect(calls).toBe(succeeded.length + 2);
      const retries = (await metrics.retries.get()).values;
      expect(retries).toEqual([{ labels: { stream, kind: 'transient' }, value: 2 }]);
      await checkpointedAt(group, lastPositions(handled));
    } finally {
      await kcl.stop();
    }
  });

  it('stop() checkpoints and ends the daemon and its processors; the next member of the group resumes after the checkpoint', async () => {
    const stream = await newStream('resume');
    const group = `kcl-resume-${run}`;
    await publish(stream, 0, 30);
    const first: IncomingRecord[] = [];
    const a = consumer(stream, group, (batch) => {
      first.push(...batch.records);
      return Promise.resolve();
    });
    const pids: number[] = [];
    try {
      await a.start();
      await handledCount(first, 30);
      await checkpointedAt(group, lastPositions(first));
      const { daemon, recordProcessors } = a.processIds;
      pids.push(daemon ?? 0, ...recordProcessors);
      expect(recordProcessors).toHaveLength(SHARDS);
    } finally {
      const stopping = Date.now();
      await a.stop();
      logger.warn({ stopMs: Date.now() - stopping }, 'KCL stop');
    }
    expect(values(first)).toEqual(range(0, 30));
    expect(pids.filter((pid) => isAlive(pid))).toEqual([]);

    await publish(stream, 30, 50);
    const second: IncomingRecord[] = [];
    const b = consumer(stream, group, (batch) => {
      second.push(...batch.records);
      return Promise.resolve();
    });
    try {
      await b.start();
      await handledCount(second, 20);
      // Anything redelivered from before the checkpoint would arrive with the first batches.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(values(second)).toEqual(range(30, 50));
    } finally {
      await b.stop();
    }
  }, 100_000);

  it('restarts a daemon that died, which takes its leases back and resumes from the checkpoints', async () => {
    const stream = await newStream('restart');
    const group = `kcl-restart-${run}`;
    await publish(stream, 0, 10);
    const handled: IncomingRecord[] = [];
    const kcl = consumer(stream, group, (batch) => {
      handled.push(...batch.records);
      return Promise.resolve();
    });
    try {
      await kcl.start();
      await handledCount(handled, 10);
      await checkpointedAt(group, lastPositions(handled));
      const killed = kcl.processIds.daemon ?? 0;
      process.kill(killed, 'SIGKILL');

      await publish(stream, 10, 30);
      await handledCount(handled, 30);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(values(handled)).toEqual(range(0, 30));
      expect(kcl.processIds.daemon).not.toBe(killed);
      expect(isAlive(killed)).toBe(false);
    } finally {
      await kcl.stop();
    }
  }, 90_000);
  it('stop() gives up on batches that keep failing: nothing is checkpointed and no process is left', async () => {
    const stream = await newStream('give-up');
    const group = `kcl-give-up-${run}`;
    await publish(stream, 0, 10);
    const attempted = new Set<string>();
    const kcl = consumer(
      stream,
      group,
      (batch) => {
        attempted.add(batch.partition);
        return Promise.reject(new Error('dependency down'));
      },
      new TransportMetrics(),
      2_000,
    );
    const pids: number[] = [];
    let stopMs: number;
    try {
      await kcl.start();
      // The KCL takes a shard's lease when its lease-taker runs: on a busy CI host, well after start.
      await waitUntil(() => Promise.resolve(attempted.size === SHARDS), {
        description: 'both shards attempted',
        timeoutMs: 90_000,
      });
      const { daemon, recordProcessors } = kcl.processIds;
      pids.push(daemon ?? 0, ...recordProcessors);
    } finally {
      const stopping = Date.now();
      await kcl.stop();
      stopMs = Date.now() - stopping;
    }
    expect(stopMs).toBeLessThan(5_000);
    expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
    expect(await checkpoints(group)).toEqual({
      'shardId-000000000000': 'TRIM_HORIZON',
      'shardId-000000000001': 'TRIM_HORIZON',
    });
  }, 150_000);
  it('follows a shard split: parents checkpointed at SHARD_END, children read after them, key order kept', async () => {
    const stream = await newStream('split');
    const group = `kcl-split-${run}`;
    await publish(stream, 0, 100);
    const handled: IncomingRecord[] = [];
    const kcl = consumer(stream, group, (batch) => {
      handled.push(...batch.records);
      return Promise.resolve();
    });
    try {
      await kcl.start();
      await handledCount(handled, 100);
      await kinesis.send(
        new UpdateShardCountCommand({ StreamName: stream, TargetShardCount: 4, ScalingType: 'UNIFORM_SCALING' }),
      );
      await publish(stream, 100, 200);
      await handledCount(handled, 200, 60_000);

      expect(values(handled)).toEqual(range(0, 200));
      const valuesOfKey = new Map<string, number[]>();
      for (const record of handled) {
        valuesOfKey.set(record.key, [...(valuesOfKey.get(record.key) ?? []), Number(record.value.toString())]);
      }
      for (const seen of valuesOfKey.values()) expect(seen).toEqual([...seen].sort((a, b) => a - b));
      const afterSplit = new Set(handled.slice(100).map((record) => record.partition));
      expect([...afterSplit].every((shard) => !['shardId-000000000000', 'shardId-000000000001'].includes(shard))).toBe(
        true,
      );
      // The parents' leases end at SHARD_END (or are cleaned up once the children started).
      const leases = await checkpoints(group);
      for (const parent of ['shardId-000000000000', 'shardId-000000000001']) {
        expect([undefined, 'SHARD_END']).toContain(leases[parent]);
      }
    } finally {
      await kcl.stop();
    }
  }, 120_000);
});
