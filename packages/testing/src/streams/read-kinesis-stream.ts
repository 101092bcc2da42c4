import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis';

import { localAwsClientConfig } from '../local/aws-client-config.js';
import type { StoredRecord } from './stored-record.js';

/** Every record in `stream` right now, each shard in order, read with GetRecords. A missing stream reads as empty. */
export async function readKinesisStream(endpoint: string, region: string, stream: string): Promise<StoredRecord[]> {
  const client = new KinesisClient(localAwsClientConfig(endpoint, region));
  try {
    let shardIds: string[];
    try {
      const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: stream }));
      shardIds = Shards.map((shard) => shard.ShardId ?? '');
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return [];
      throw error;
    }
    const records: StoredRecord[] = [];
    for (const shardId of shardIds) {
      const { ShardIterator } = await client.send(
        new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      let iterator = ShardIterator;
      // An open shard always returns a next iterator; it is read to the end once a call returns nothing new and no lag.
      while (iterator !== undefined) {
        const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
        for (const record of page.Records ?? []) {
          records.push({
            timestamp: record.ApproximateArrivalTimestamp ?? new Date(0),
            partition: shardId,
            key: record.PartitionKey ?? '',
            value: Buffer.from(record.Data ?? new Uint8Array()),
          });
        }
        if ((page.Records ?? []).length === 0 && (page.MillisBehindLatest ?? 0) === 0) break;
        iterator = page.NextShardIterator;
      }
    }
    return records;
  } finally {
    client.destroy();
  }
}
