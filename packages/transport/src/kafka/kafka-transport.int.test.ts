import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

import { TransientError } from '@fraud/resilience';
import { waitUntil } from '@fraud/testing';
import { AssignerProtocol, Kafka, logLevel, type Admin } from 'kafkajs';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';

import { TransportMetrics } from '../metrics/transport-metrics.js';
import { PublishError, type BatchHandler, type RecordBatch, type StreamConsumer } from '../stream-transport.js';
import { KafkaTransport } from './kafka-transport.js';

// Every test uses its own topic and group, so offsets start at 0 and a fresh
// group reads from the beginning however long the stack has run.
const runId = randomBytes(4).toString('hex');
let sequence = 0;
const unique = (name: string): string => `${name}-${runId}-${(sequence += 1)}`;

const PARTITIONS = 4;
const keys = Array.from({ length: 16 }, (_, index) => `card-${index}`);

interface Call {
  consumer: string;
  partition: string;
  positions: string[];
  values: string[];
  outcome: 'ok' | 'failed';
}

/** Records every handler call; `behaviour` decides the outcome of each. */
function recordingHandler(
  consumer: string,
  calls: Call[],
  behaviour: (batch: RecordBatch) => Promise<void> = () => Promise.resolve(),
): BatchHandler {
  return async (batch) => {
    const call: Call = {
      consumer,
      partition: batch.partition,
      positions: batch.records.map((r) => r.position),
      values: batch.records.map((r) => r.value.toString()),
      outcome: 'ok',
    };
    try {
      await behaviour(batch);
    } catch (error) {
      call.outcome = 'failed';
      calls.push(call);
      throw error;
    }
    calls.push(call);
  };
}

const span = (call: Call): string => `${call.positions[0]}-${call.positions.at(-1)}:${call.outcome}`;
const spansOf = (calls: Call[], partition: string): string[] =>
  calls.filter((c) => c.partition === partition).map(span);
const okValues = (calls: Call[]): string[] => calls.filter((c) => c.outcome === 'ok').flatMap((c) => c.values);

/** The spans a partition of `size` records is handled in, batches of `maxBatchSize`. */
function expectedSpans(size: number, maxBatchSize: number): string[] {
  const spans: string[] = [];
  for (let first = 0; first < size; first += maxBatchSize) {
    spans.push(`${first}-${Math.min(first + maxBatchSize, size) - 1}:ok`);
  }
  return spans;
}

function valuesFor(round: number): { key: string; value: string }[] {
  return keys.map((key) => ({ key, value: `${key}#${round}` }));
}

/** How long and how often the tests poll the broker and the handlers for what they wait for. */
const UNTIL = { timeoutMs: 30_000, intervalMs: 50 };

describe('KafkaTransport on a real broker', () => {
  const brokers = inject('infra').kafkaBrokers.split(',');
  const admin: Admin = new Kafka({ clientId: 'kafka-transport-it', brokers, logLevel: logLevel.NOTHING }).admin();
  const cleanups: (() => Promise<void>)[] = [];
  const topics: string[] = [];

  beforeAll(async () => {
    await admin.connect();
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  afterAll(async () => {
    if (topics.length > 0) await admin.deleteTopics({ topics });
    await admin.disconnect();
  });

  /** A transport as a service builds it, logging into `logs`. */
  function transport(clientId: string, maxBatchSize: number) {
    const logs: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const metrics = new TransportMetrics();
    const kafka = new KafkaTransport({
      clientId,
      brokers,
      auth: 'none',
      tls: false,
      logger: pino({ level: 'warn' }, destination),
      metrics,
      maxBatchSize,
    });
    cleanups.push(() => kafka.close());
    return { kafka, metrics, logs };
  }

  async function topicWith(kafka: KafkaTransport, rounds: number): Promise<string> {
    const topic = unique('kafka-it');
    topics.push(topic);
    await kafka.ensureStreams([topic], PARTITIONS);
    await kafka.connect();
    for (let round = 0; round < rounds; round += 1) {
      await kafka.publisher.publish(
        topic,
        valuesFor(round).map(({ key, value }) => ({ key, value: Buffer.from(value) })),
      );
    }
    return topic;
  }

  function started(consumer: StreamConsumer): StreamConsumer {
    cleanups.push(() => consumer.stop());
    return consumer;
  }

  async function committed(groupId: string, topic: string): Promise<Record<string, string>> {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Object.fromEntries((offsets?.partitions ?? []).map((p) => [String(p.partition), p.offset]));
  }

  async function highWatermarks(topic: string): Promise<Record<string, string>> {
    const offsets = await admin.fetchTopicOffsets(topic);
    return Object.fromEntries(offsets.map((p) => [String(p.partition), p.high]));
  }

  async function assignment(groupId: string): Promise<Record<string, number[]> | undefined> {
    const { groups } = await admin.describeGroups([groupId]);
    const group = groups[0];
    if (group?.state !== 'Stable') return undefined;
    return Object.fromEntries(
      group.members.map((member) => {
        const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
        const partitions = Object.values(decoded?.assignment ?? {}).flat();
        return [member.clientId, partitions.sort((a, b) => a - b)];
      }),
    );
  }

  it('round trip on 4 partitions: every record once, per-key order, committed to the end', async () => {
    const { kafka, metrics } = transport('kafka-it-roundtrip', 7);
    const rounds = 25;
    const topic = await topicWith(kafka, rounds);
    // Creating again is a no-op.
    await kafka.ensureStreams([topic], PARTITIONS);
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    expect(metadata?.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2, 3]);

    const group = unique('group');
    const calls: Call[] = [];
    const consumer = started(kafka.consumer({ stream: topic, group, handler: recordingHandler('a', calls) }));
    await consumer.start();
    await waitUntil(async () => Promise.resolve(okValues(calls).length >= keys.length * rounds), {
      ...UNTIL,
      description: '400 records',
    });

    const high = await highWatermarks(topic);
    expect(Object.keys(high).sort()).toEqual(['0', '1', '2', '3']);
    expect(Object.values(high).reduce((sum, offset) => sum + Number(offset), 0)).toBe(keys.length * rounds);
    // Each call: one partition, consecutive offsets, at most maxBatchSize; together, every offset once.
    for (const partition of Object.keys(high)) {
      const positions = calls.filter((c) => c.partition === partition).flatMap((c) => c.positions);
      expect(positions).toEqual(Array.from({ length: Number(high[partition]) }, (_, index) => String(index)));
    }
    expect(calls.every((c) => c.positions.length <= 7 && c.outcome === 'ok')).toBe(true);
    // Every record exactly once, and each key's records in publish order on one partition.
    expect([...okValues(calls)].sort()).toEqual(
      Array.from({ length: rounds }, (_, round) => valuesFor(round).map((r) => r.value))
        .flat()
        .sort(),
    );
    for (const key of keys) {
      const ofKey = calls.flatMap((c) => c.values.filter((v) => v.startsWith(`${key}#`)).map((v) => [c.partition, v]));
      expect(ofKey.map(([, v]) => v)).toEqual(Array.from({ length: rounds }, (_, round) => `${key}#${round}`));
      expect(new Set(ofKey.map(([p]) => p)).size).toBe(1);
    }
    // Commits go out after the fetch moved on (OffsetCommitter): every offset lands, shortly after.
    await waitUntil(async () => JSON.stringify(await committed(group, topic)) === JSON.stringify(high), {
      ...UNTIL,
      description: 'commits at the high watermarks',
    });
    expect(await committed(group, topic)).toEqual(high);
    expect((await metrics.recordsPublished.get()).values).toEqual([
      { labels: { stream: topic }, value: keys.length * rounds },
    ]);
    expect((await metrics.consumerLag.get()).values.map((v) => [v.labels.partition, v.value]).sort()).toEqual([
      ['0', 0],
      ['1', 0],
      ['2', 0],
      ['3', 0],
    ]);

    await consumer.stop();
    expect((await metrics.consumerLag.get()).values).toEqual([]);
  });

  it('a batch failing transiently twice is retried in place, then everything is handled once', async () => {
    const { kafka, metrics, logs } = transport('kafka-it-transient', 5);
    const topic = await topicWith(kafka, 10);
    const high = await highWatermarks(topic);
    expect(Number(high['0'])).toBeGreaterThanOrEqual(10);

    const group = unique('group');
    const calls: Call[] = [];
    let failuresLeft = 2;
    const handler = recordingHandler('a', calls, async (batch) => {
      if (batch.partition === '0' && batch.records[0]?.position === '5' && failuresLeft > 0) {
        failuresLeft -= 1;
        throw new TransientError('redis unavailable');
      }
    });
    const consumer = started(kafka.consumer({ stream: topic, group, handler }));
    await consumer.start();
    await waitUntil(async () => Promise.resolve(okValues(calls).length >= keys.length * 10), {
      ...UNTIL,
      description: 'every record',
    });
    await waitUntil(async () => JSON.stringify(await committed(group, topic)) === JSON.stringify(high), {
      ...UNTIL,
      description: 'commits to the end',
    });

    const [first, second, ...rest] = expectedSpans(Number(high['0']), 5);
    expect(spansOf(calls, '0')).toEqual([first, '5-9:failed', '5-9:failed', second, ...rest]);
    for (const partition of ['1', '2', '3']) {
      expect(spansOf(calls, partition)).toEqual(expectedSpans(Number(high[partition]), 5));
    }
    expect(okValues(calls)).toHaveLength(keys.length * 10);
    expect((await metrics.retries.get()).values).toEqual([{ labels: { stream: topic, kind: 'transient' }, value: 2 }]);
    expect(
      logs
        .filter((l) => l.msg === 'batch handler failed; retrying the batch')
        .map((l) => [l.partition, l.first, l.last, l.attempt]),
    ).toEqual([
      ['0', '5', '9', 1],
      ['0', '5', '9', 2],
    ]);
  });

  it('stop during a slow batch: the batch in hand finishes and is committed, nothing after it is', async () => {
    const { kafka } = transport('kafka-it-slow', 5);
    const topic = await topicWith(kafka, 10);
    const high = await highWatermarks(topic);
    expect(Number(high['0'])).toBeGreaterThanOrEqual(20);

    const group = unique('group');
    const calls: Call[] = [];
    let entered = false;
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handler = recordingHandler('a', calls, async (batch) => {
      if (batch.partition === '0' && batch.records[0]?.position === '10') {
        entered = true;
        await released;
      }
    });
    const consumer = started(kafka.consumer({ stream: topic, group, handler }));
    await consumer.start();
    await waitUntil(async () => Promise.resolve(entered), { ...UNTIL, description: 'the slow batch' });
    const expectedBefore = { ...high, '0': '10' };
    await waitUntil(async () => JSON.stringify(await committed(group, topic)) === JSON.stringify(expectedBefore), {
      ...UNTIL,
      description: 'the other partitions committed',
    });

    let stopped = false;
    const stopping = consumer.stop().then(() => {
      stopped = true;
    });
    // Heartbeats keep the member alive while it waits; the slow batch is not committed before it resolves.
    await sleep(4_000);
    expect(stopped).toBe(false);
    expect(await committed(group, topic)).toEqual(expectedBefore);

    release();
    await stopping;
    expect(await committed(group, topic)).toEqual({ ...high, '0': '15' });
    expect(calls.filter((c) => c.partition === '0').flatMap((c) => c.positions)).toEqual(
      Array.from({ length: 15 }, (_, index) => String(index)),
    );
    expect(spansOf(calls, '0')).toEqual(['0-4:ok', '5-9:ok', '10-14:ok']);
  });

  it('stop while a batch keeps failing: nothing committed past it, and the next member re-reads it', async () => {
    const { kafka, metrics } = transport('kafka-it-failing', 5);
    const topic = await topicWith(kafka, 10);
    const high = await highWatermarks(topic);

    const group = unique('group');
    const calls: Call[] = [];
    const failing = recordingHandler('a', calls, async (batch) => {
      if (batch.partition === '0' && batch.records[0]?.position === '5') throw new TransientError('endpoint down');
    });
    const first = started(kafka.consumer({ stream: topic, group, handler: failing }));
    await first.start();
    await waitUntil(async () => Promise.resolve(calls.filter((c) => c.outcome === 'failed').length >= 3), {
      ...UNTIL,
      description: 'two retries',
    });
    await waitUntil(
      async () => JSON.stringify(await committed(group, topic)) === JSON.stringify({ ...high, '0': '5' }),
      { ...UNTIL, description: 'the other partitions committed' },
    );

    const stopStarted = Date.now();
    await first.stop();
    // The retry's backoff wait is cut short; no slow shutdown behind a failing batch.
    expect(Date.now() - stopStarted).toBeLessThan(10_000);
    expect(await committed(group, topic)).toEqual({ ...high, '0': '5' });
    expect(calls.filter((c) => c.partition === '0' && c.outcome === 'ok').flatMap((c) => c.positions)).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
    ]);
    // Stop lands in a backoff wait (the failing handler returns at once): every failure but none after it was retried.
    expect((await metrics.retries.get()).values[0]?.value).toBe(calls.filter((c) => c.outcome === 'failed').length);

    const again: Call[] = [];
    const second = started(kafka.consumer({ stream: topic, group, handler: recordingHandler('b', again) }));
    await second.start();
    await waitUntil(async () => Promise.resolve(okValues(again).length >= Number(high['0']) - 5), {
      ...UNTIL,
      description: 'the rest of partition 0',
    });
    await waitUntil(async () => JSON.stringify(await committed(group, topic)) === JSON.stringify(high), {
      ...UNTIL,
      description: 'commits to the end',
    });
    expect(again.flatMap((c) => c.positions.map((p) => `${c.partition}:${p}`))).toEqual(
      Array.from({ length: Number(high['0']) - 5 }, (_, index) => `0:${index + 5}`),
    );
  });

  it('start fails at once, naming group and stream, when the topic does not exist', async () => {
    const { kafka } = transport('kafka-it-missing', 500);
    const topic = unique('kafka-it-missing');
    const consumer = started(
      kafka.consumer({ stream: topic, group: 'missing-group', handler: () => Promise.resolve() }),
    );
    const startedAt = Date.now();
    await expect(consumer.start()).rejects.toThrow(
      `Kafka consumer group missing-group could not start on ${topic}: This server does not host this topic-partition`,
    );
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it('a publish that cannot land rejects for every record, and the next one goes through a fresh producer', async () => {
    const { kafka, metrics, logs } = transport('kafka-it-publish-failure', 500);
    const topic = await topicWith(kafka, 0);
    const missing = unique('kafka-it-missing');
    const records = [0, 1, 2].map((index) => ({ key: `card-${index}`, value: Buffer.from(`v${index}`) }));

    const failure = await kafka.publisher.publish(missing, records).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(PublishError);
    expect((failure as PublishError).failures).toEqual(
      [0, 1, 2].map((index) => ({
        index,
        error: 'This server does not host this topic-partition',
      })),
    );
    expect(((failure as PublishError).cause as Error).name).toBe('KafkaJSNumberOfRetriesExceeded');
    expect(logs.filter((l) => l.msg === 'replacing the Kafka producer after a failed send')).toHaveLength(1);

    await kafka.publisher.publish(topic, records);
    expect(Object.values(await highWatermarks(topic)).reduce((sum, offset) => sum + Number(offset), 0)).toBe(3);
    expect((await metrics.publishFailures.get()).values).toEqual([{ labels: { stream: missing }, value: 3 }]);
    expect((await metrics.recordsPublished.get()).values).toEqual([{ labels: { stream: topic }, value: 3 }]);
  });

  it('a publish over the 1 MiB a produce request may carry lands whole and in order, uncompressed', async () => {
    const { kafka, metrics } = transport('kafka-it-big-publish', 500);
    const topic = await topicWith(kafka, 0);
    // 2,000 records of 1,200 bytes under one key: 2.4 MB in one partition's batch, which the broker would refuse whole.
    const records = Array.from({ length: 2_000 }, (_, index) => ({
      key: 'card-big',
      value: Buffer.from(`${String(index).padStart(6, '0')}:`.padEnd(1_200, 'x')),
    }));
    await kafka.publisher.publish(topic, records);
    expect((await metrics.recordsPublished.get()).values).toEqual([{ labels: { stream: topic }, value: 2_000 }]);

    const calls: Call[] = [];
    const consumer = started(
      kafka.consumer({ stream: topic, group: unique('group'), handler: recordingHandler('a', calls) }),
    );
    await consumer.start();
    await waitUntil(async () => Promise.resolve(okValues(calls).length >= 2_000), {
      ...UNTIL,
      description: '2,000 records',
    });
    expect(okValues(calls).map((value) => value.slice(0, 6))).toEqual(
      Array.from({ length: 2_000 }, (_, index) => String(index).padStart(6, '0')),
    );
    expect(new Set(calls.map((call) => call.partition)).size).toBe(1);
  });

  it('two members split the 4 partitions; when one stops the other takes all 4 and handles everything', async () => {
    const a = transport('kafka-it-member-a', 500);
    const b = transport('kafka-it-member-b', 500);
    const topic = await topicWith(a.kafka, 0);
    const group = unique('group');
    const calls: Call[] = [];
    const memberA = started(a.kafka.consumer({ stream: topic, group, handler: recordingHandler('a', calls) }));
    const memberB = started(b.kafka.consumer({ stream: topic, group, handler: recordingHandler('b', calls) }));
    await memberA.start();
    await memberB.start();

    let shared: Record<string, number[]> | undefined;
    await waitUntil(
      async () => {
        shared = await assignment(group);
        return Object.keys(shared ?? {}).length === 2;
      },
      { ...UNTIL, description: 'a stable group of two' },
    );
    const ofA = shared?.['kafka-it-member-a'] ?? [];
    const ofB = shared?.['kafka-it-member-b'] ?? [];
    expect([ofA.length, ofB.length]).toEqual([2, 2]);
    expect([...ofA, ...ofB].sort()).toEqual([0, 1, 2, 3]);

    for (let round = 0; round < 5; round += 1) {
      await a.kafka.publisher.publish(
        topic,
        valuesFor(round).map(({ key, value }) => ({ key, value: Buffer.from(value) })),
      );
    }
    await waitUntil(async () => Promise.resolve(okValues(calls).length >= 80), {
      ...UNTIL,
      description: 'the first 80 records',
    });
    const partitionsOf = (consumer: string) =>
      [...new Set(calls.filter((c) => c.consumer === consumer).map((c) => Number(c.partition)))].sort();
    expect(partitionsOf('a')).toEqual(ofA);
    expect(partitionsOf('b')).toEqual(ofB);

    await memberB.stop();
    await waitUntil(
      async () => {
        const alone = await assignment(group);
        return JSON.stringify(alone) === JSON.stringify({ 'kafka-it-member-a': [0, 1, 2, 3] });
      },
      { ...UNTIL, description: 'member a alone with all 4 partitions' },
    );
    const handledByBefore = calls.length;
    for (let round = 5; round < 10; round += 1) {
      await a.kafka.publisher.publish(
        topic,
        valuesFor(round).map(({ key, value }) => ({ key, value: Buffer.from(value) })),
      );
    }
    await waitUntil(async () => Promise.resolve(okValues(calls).length >= 160), {
      ...UNTIL,
      description: 'all 160 records',
    });
    const after = calls.slice(handledByBefore);
    expect(new Set(after.map((c) => c.consumer))).toEqual(new Set(['a']));
    expect([...new Set(after.map((c) => c.partition))].sort()).toEqual(['0', '1', '2', '3']);
    expect([...okValues(calls)].sort()).toEqual(
      Array.from({ length: 10 }, (_, round) => valuesFor(round).map((r) => r.value))
        .flat()
        .sort(),
    );
    await waitUntil(
      async () => JSON.stringify(await committed(group, topic)) === JSON.stringify(await highWatermarks(topic)),
      { ...UNTIL, description: 'commits to the end' },
    );
  });
});
