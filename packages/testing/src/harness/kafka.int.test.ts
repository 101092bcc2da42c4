import { randomBytes } from 'node:crypto';

import { Kafka, logLevel, type Admin, type Consumer, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { listeningAddresses } from '../local/listening-addresses.js';
import { waitUntil } from '../wait-until.js';
import { localListenerPort } from './local-listener.js';

// Where Java's default partitioner (murmur2 of the key, modulo 3) puts each
// key, computed with kafka-clients' Utils.murmur2. kafkajs must agree, or
// records keyed by card token would land elsewhere than a Java producer's.
const partitionOfKey: Record<string, number> = {
  'card-amber': 1,
  'card-birch': 0,
  'card-cedar': 0,
  'card-fjord': 1,
  'card-heath': 2,
};
const keys = Object.keys(partitionOfKey);
const rounds = 4;
// Unique per run: a fresh topic starts every partition at offset 0, and a
// fresh group reads it from the beginning, however long the stack has run.
const runId = randomBytes(4).toString('hex');
const topic = `transactions-harness-${runId}`;
const groupId = `harness-check-${runId}`;

interface Received {
  partition: number;
  offset: string;
  key: string;
  value: string;
}

describe('Kafka through the harness', () => {
  const { kafkaBrokers } = inject('infra');
  const port = localListenerPort(kafkaBrokers, inject('infraMode'));
  const client = new Kafka({ clientId: 'harness-check', brokers: kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  let admin: Admin;
  let producer: Producer | undefined;
  let consumer: Consumer | undefined;
  let created = false;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    if (created) await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('serves one loopback broker', () => {
    expect(kafkaBrokers).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('keeps each key on its partition and in send order, end to end', async () => {
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })).toBe(true);
    created = true;
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);

    producer = client.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    // One send per round, so the records reach the broker in several batches.
    for (let round = 0; round < rounds; round += 1) {
      await producer.send({
        topic,
        acks: -1,
        messages: keys.map((key) => ({ key, value: `${key}#${round}` })),
      });
    }

    const received: Received[] = [];
    consumer = client.consumer({ groupId, maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        received.push({
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
        });
        return Promise.resolve();
      },
    });
    await waitUntil(() => Promise.resolve(received.length >= keys.length * rounds), {
      description: `${keys.length * rounds} records`,
      timeoutMs: 20_000,
    });

    expect(Object.fromEntries(received.map((r) => [r.key, r.partition]))).toEqual(partitionOfKey);
    const onPartition = (partition: number): string[] =>
      received.filter((r) => r.partition === partition).map((r) => r.value);
    expect(onPartition(0)).toEqual([
      'card-birch#0',
      'card-cedar#0',
      'card-birch#1',
      'card-cedar#1',
      'card-birch#2',
      'card-cedar#2',
      'card-birch#3',
      'card-cedar#3',
    ]);
    expect(onPartition(1)).toEqual([
      'card-amber#0',
      'card-fjord#0',
      'card-amber#1',
      'card-fjord#1',
      'card-amber#2',
      'card-fjord#2',
      'card-amber#3',
      'card-fjord#3',
    ]);
    expect(onPartition(2)).toEqual(['card-heath#0', 'card-heath#1', 'card-heath#2', 'card-heath#3']);
    // Idempotent, so no record was written twice: offsets run 0..n-1 on each partition.
    for (const partition of [0, 1, 2]) {
      const offsets = received.filter((r) => r.partition === partition).map((r) => r.offset);
      expect(offsets).toEqual(offsets.map((_, index) => String(index)));
    }
    for (const key of keys) {
      expect(received.filter((r) => r.key === key).map((r) => r.value)).toEqual(
        Array.from({ length: rounds }, (_, round) => `${key}#${round}`),
      );
    }
    expect(received).toHaveLength(keys.length * rounds);
  });

  it.runIf(port !== undefined)(
    'listens on 127.0.0.1 only (local processes; in Docker docker-proxy owns the port)',
    async () => {
      expect(await listeningAddresses(port!)).toEqual(['127.0.0.1']);
    },
  );
});
