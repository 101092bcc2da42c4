import { retry, type BackoffPolicy } from '@fraud/resilience';

/** The next offset to read of one partition, as OffsetCommit takes it. */
export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

/** One OffsetCommit request for all the offsets given. */
export type SendOffsets = (offsets: readonly PartitionOffset[]) => Promise<void>;

export interface OffsetCommitterOptions {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  backoff: BackoffPolicy;
  shouldRetry: (error: unknown) => boolean;
  /** A request that failed for good; its offsets stay uncommitted until a later one covers them. */
  onFailure: (error: unknown, offsets: readonly PartitionOffset[]) => void;
}

/**
 * Commits handled offsets off the fetch path, one OffsetCommit request at a
 * time, each carrying the latest queued offset of every partition.
 *
 * A commit costs a broker round trip plus the group coordinator's append
 * linger (5 ms by default in Kafka 4), and kafkajs sends one group's requests
 * on one connection, which the broker answers in turn: awaited per partition
 * batch, four partitions' commits took about 30 ms, and kafkajs fetches
 * nothing until every batch of the previous fetch returned. Queued here, the
 * next fetch goes out as soon as the handlers resolved.
 *
 * Only handled offsets are ever queued, and a partition's batches are handled
 * in order, so its latest queued offset is its highest: a merged request
 * never commits past an unhandled record, and never moves a partition back.
 */
export class OffsetCommitter {
  private readonly options: OffsetCommitterOptions;
  private readonly pending = new Map<string, PartitionOffset>();
  private send: SendOffsets | undefined;
  private draining: Promise<void> | undefined;

  constructor(options: OffsetCommitterOptions) {
    this.options = options;
  }

  /**
   * Queues a partition's offset for the next request, sent with `send` (the
   * latest one given); returns at once.
   */
  enqueue(offset: PartitionOffset, send: SendOffsets): void {
    this.pending.set(`${offset.topic}\u0000${String(offset.partition)}`, offset);
    this.send = send;
    this.draining ??= this.drain();
  }

  /** Resolves once every offset queued before or during the wait was sent (or failed, reported to onFailure). */
  async flush(): Promise<void> {
    while (this.draining !== undefined) await this.draining;
  }

  private async drain(): Promise<void> {
    const { maxAttempts, backoff, shouldRetry, onFailure } = this.options;
    // Let the caller of enqueue() finish its turn first, so partitions done together share a request.
    await Promise.resolve();
    while (this.pending.size > 0 && this.send !== undefined) {
      const offsets = [...this.pending.values()];
      this.pending.clear();
      const send = this.send;
      try {
        await retry(() => send(offsets), { maxAttempts, backoff, shouldRetry });
      } catch (error) {
        onFailure(error, offsets);
      }
    }
    this.draining = undefined;
  }
}

/** The kafkajs shape of a commit: offsets grouped by topic. */
export function offsetsByTopic(offsets: readonly PartitionOffset[]): {
  topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
} {
  const topics = new Map<string, { partition: number; offset: string }[]>();
  for (const { topic, partition, offset } of offsets) {
    const partitions = topics.get(topic) ?? [];
    partitions.push({ partition, offset });
    topics.set(topic, partitions);
  }
  return { topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })) };
}
