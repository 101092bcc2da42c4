import type { RecordBatch } from '../../stream-transport.js';
import type { MultilangRecord } from './bridge-messages.js';

/**
 * One shard's batch as the handler sees it: the shard id is the partition,
 * the sequence number the position, the partition key the key.
 */
export function toRecordBatch(stream: string, shardId: string, records: readonly MultilangRecord[]): RecordBatch {
  return {
    stream,
    partition: shardId,
    records: records.map((record) => ({
      stream,
      partition: shardId,
      position: record.sequenceNumber,
      key: record.partitionKey,
      value: Buffer.from(record.data, 'base64'),
      // The daemon always sends the arrival time for records read from a stream; the fallback is for the type.
      timestamp: new Date(record.approximateArrivalTimestamp ?? 0),
    })),
  };
}
