import { randomUUID } from 'node:crypto';

import { Kafka, logLevel } from 'kafkajs';

import { waitUntil } from '../wait-until.js';
import type { StreamTail, TailedRecord } from './tailed-record.js';

const TAIL_FETCH_WAIT_MS = 250;
const TAIL_FETCH_MIN_BYTES = 256 * 1024;

/**
 * Tails `topics` from their first offset with a consumer of a fresh group
 * that never commits: the tail sees everything however late it starts, and
 * leaves no position behind that a service's group could share. The topics
 * must exist.
 */
export async function tailKafkaTopics(
  brokers: readonly string[],
  topics: readonly string[],
  onRecord: (record: TailedRecord) => void,
): Promise<StreamTail> {
  const kafka = new Kafka({ clientId: 'stream-tail', brokers: [...brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  // The tail watches a pipeline it must not slow down: the broker holds each
  // fetch for up to 250 ms or 256 KiB, instead of answering one per append
  // (hundreds a second at the demo's rate, on the broker the services share).
  // Records keep their append timestamps, so latencies read from them are unchanged.
  const consumer = kafka.consumer({
    groupId: `stream-tail-${randomUUID()}`,
    maxWaitTimeInMs: TAIL_FETCH_WAIT_MS,
    minBytes: TAIL_FETCH_MIN_BYTES,
  });
  // The next offset to deliver, by `topic/partition`.
  const next = new Map<string, number>();
  await admin.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: ({ batch: { topic, partition, messages } }) => {
      for (const message of messages) {
        onRecord({
          stream: topic,
          timestamp: new Date(Number(message.timestamp)),
          partition: String(partition),
          key: message.key?.toString('utf8') ?? '',
          value: message.value ?? Buffer.alloc(0),
        });
      }
      const last = messages.at(-1);
      if (last !== undefined) next.set(`${topic}/${partition}`, Number(last.offset) + 1);
      return Promise.resolve();
    },
  });
  return {
    caughtUp: async (timeoutMs = 60_000) => {
      const ends = (
        await Promise.all(
          topics.map(async (topic) =>
            (await admin.fetchTopicOffsets(topic)).map((o) => ({
              key: `${topic}/${o.partition}`,
              high: Number(o.high),
            })),
          ),
        )
      ).flat();
      await waitUntil(
        () => Promise.resolve(ends.every(({ key, high }) => high === 0 || (next.get(key) ?? 0) >= high)),
        {
          description: `the tail of ${topics.join(', ')} to catch up`,
          timeoutMs,
          intervalMs: 20,
        },
      );
    },
    stop: async () => {
      await consumer.disconnect();
      await admin.disconnect();
    },
  };
}
