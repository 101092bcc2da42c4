import type { KafkaMessage } from 'kafkajs';

import type { IncomingRecord, RecordBatch } from '../stream-transport.js';

/**
 * Cuts a fetched kafkajs batch (one partition, in offset order) into handler
 * batches of at most `maxBatchSize` records, so the consumer commits after
 * each and a slow or failing handler holds back at most that many records.
 */
export function toRecordBatches(
  topic: string,
  partition: number,
  messages: readonly KafkaMessage[],
  maxBatchSize: number,
): RecordBatch[] {
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) {
    throw new Error(`maxBatchSize must be a positive integer, got ${maxBatchSize}`);
  }
  const records = messages.map((message) => toIncomingRecord(topic, partition, message));
  const batches: RecordBatch[] = [];
  for (let start = 0; start < records.length; start += maxBatchSize) {
    batches.push({ stream: topic, partition: String(partition), records: records.slice(start, start + maxBatchSize) });
  }
  return batches;
}

function toIncomingRecord(topic: string, partition: number, message: KafkaMessage): IncomingRecord {
  return {
    stream: topic,
    partition: String(partition),
    position: message.offset,
    key: message.key?.toString('utf8') ?? '',
    value: message.value ?? Buffer.alloc(0),
    timestamp: new Date(Number(message.timestamp)),
  };
}

/** The offset to commit once the record at `offset` is handled: Kafka commits the next one to read. */
export function offsetAfter(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}

/** Records between the committed offset and the partition's high watermark. */
export function consumerLag(highWatermark: string, committedOffset: string): number {
  const lag = BigInt(highWatermark) - BigInt(committedOffset);
  return lag > 0n ? Number(lag) : 0;
}
