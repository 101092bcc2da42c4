import { setTimeout as sleep } from 'node:timers/promises';

import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  type _Record,
  type GetRecordsCommandOutput,
} from '@aws-sdk/client-kinesis';

import { localAwsClientConfig } from '../local/aws-client-config.js';
import { waitUntil } from '../wait-until.js';
import type { StreamTail, TailedRecord } from './tailed-record.js';

export interface KinesisTailOptions {
  /**
   * Pause after a GetRecords that found nothing new. kinesis-local serves
   * every call on one thread that the pipeline under test shares, so the
   * tail polls less often than a consumer does; the records' arrival
   * timestamps, not when the tail saw them, carry the timing.
   */
  idleMs?: number;
}

/** Where the reading of one shard stands. */
interface ShardProgress {
  /** Start of the last GetRecords that returned nothing and was not behind: everything before it was delivered. */
  tipReachedAt: number;
}

/**
 * Tails `streams` from TRIM_HORIZON with GetRecords on every shard (listed
 * once: the streams must exist and are not resharded meanwhile).
 */
export async function tailKinesisStreams(
  endpoint: string,
  region: string,
  streams: readonly string[],
  onRecord: (record: TailedRecord) => void,
  options: KinesisTailOptions = {},
): Promise<StreamTail> {
  const idleMs = options.idleMs ?? 500;
  const client = new KinesisClient(localAwsClientConfig(endpoint, region));
  const stopping = new AbortController();
  // A function, so the check inside a catch is not narrowed by the loop's condition.
  const stopped = (): boolean => stopping.signal.aborted;
  const shards = (
    await Promise.all(
      streams.map(async (stream) => {
        const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: stream }));
        return Shards.map((shard) => ({ stream, shardId: shard.ShardId ?? '' }));
      }),
    )
  ).flat();
  const progress = shards.map((): ShardProgress => ({ tipReachedAt: 0 }));
  let lastError: Error | undefined;

  const deliver = (stream: string, shardId: string, record: _Record): void => {
    onRecord({
      stream,
      timestamp: record.ApproximateArrivalTimestamp ?? new Date(0),
      partition: shardId,
      key: record.PartitionKey ?? '',
      value: Buffer.from(record.Data ?? new Uint8Array()),
    });
  };

  const readShard = async (stream: string, shardId: string, shardProgress: ShardProgress): Promise<void> => {
    const { ShardIterator } = await client.send(
      new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    let iterator = ShardIterator;
    while (iterator !== undefined && !stopping.signal.aborted) {
      const startedAt = Date.now();
      let page: GetRecordsCommandOutput;
      try {
        page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }), {
          abortSignal: stopping.signal,
        });
      } catch (error) {
        // The emulator refuses or drops calls when the run overloads it: the same iterator is asked again.
        if (stopped()) return;
        lastError = error instanceof Error ? error : new Error(String(error));
        await sleep(idleMs, undefined, { signal: stopping.signal }).catch(() => undefined);
        continue;
      }
      const records = page.Records ?? [];
      for (const record of records) deliver(stream, shardId, record);
      iterator = page.NextShardIterator;
      if (records.length === 0 && (page.MillisBehindLatest ?? 0) === 0) {
        shardProgress.tipReachedAt = startedAt;
        await sleep(idleMs, undefined, { signal: stopping.signal }).catch(() => undefined);
      }
    }
  };

  const readers = shards.map(({ stream, shardId }, index) =>
    readShard(stream, shardId, progress[index] ?? { tipReachedAt: 0 }).catch((error: unknown) => {
      lastError = error instanceof Error ? error : new Error(String(error));
    }),
  );
  return {
    caughtUp: async (timeoutMs = 60_000) => {
      const from = Date.now();
      await waitUntil(
        () => {
          if (progress.every((shard) => shard.tipReachedAt >= from)) return Promise.resolve(true);
          // The last failure, if any, becomes the reason of a timeout.
          return lastError === undefined ? Promise.resolve(false) : Promise.reject(lastError);
        },
        { description: `the tail of ${streams.join(', ')} to catch up`, timeoutMs, intervalMs: 50 },
      );
    },
    stop: async () => {
      stopping.abort();
      await Promise.allSettled(readers);
      client.destroy();
    },
  };
}
