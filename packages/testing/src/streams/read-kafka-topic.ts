import { randomUUID } from 'node:crypto';

import { Kafka, logLevel } from 'kafkajs';

import type { StoredRecord } from './stored-record.js';

/**
 * Every record in `topic` right now, each partition in order, read with a
 * plain consumer (no group): tests check what a service published without
 * going through the code under test. A missing topic reads as empty.
 */
export async function readKafkaTopic(brokers: readonly string[], topic: string): Promise<StoredRecord[]> {
  const kafka = new Kafka({ clientId: 'stream-reader', brokers: [...brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = await admin.listTopics();
    if (!topics.includes(topic)) return [];
    const offsets = await admin.fetchTopicOffsets(topic);
    const records: StoredRecord[] = [];
    const consumer = kafka.consumer({ groupId: `stream-reader-${randomUUID()}` });
    const remaining = new Map(
      offsets.filter((o) => Number(o.high) > Number(o.low)).map((o) => [o.partition, Number(o.high)]),
    );
    if (remaining.size === 0) return [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            eachMessage: ({ partition, message }) => {
              const end = remaining.get(partition);
              if (end === undefined || Number(message.offset) >= end) return Promise.resolve();
              records.push({
                timestamp: new Date(Number(message.timestamp)),
                partition: String(partition),
                key: message.key?.toString('utf8') ?? '',
                value: message.value ?? Buffer.alloc(0),
              });
              if (Number(message.offset) + 1 >= end) remaining.delete(partition);
              if (remaining.size === 0) resolve();
              return Promise.resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return records;
  } finally {
    await admin.disconnect();
  }
}
