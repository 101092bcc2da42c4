import { DEFAULT_BACKOFF, isTransient, retry, type BackoffPolicy } from '@fraud/resilience';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';

import type { TransportMetrics } from '../metrics/transport-metrics.js';
import type { BatchHandler, ConsumeOptions, RecordBatch, StreamConsumer } from '../stream-transport.js';
import { isMembershipLost, startHeartbeat } from './kafka-heartbeat.js';
import { OffsetCommitter, offsetsByTopic, type PartitionOffset } from './kafka-offset-committer.js';
import { consumerLag, offsetAfter, toRecordBatches } from './kafka-record-batches.js';

export interface KafkaConsumerOptions {
  kafka: Kafka;
  consume: ConsumeOptions;
  logger: Logger;
  metrics: TransportMetrics;
  /** Partitions handled at once, each one batch at a time; 4 by default. */
  partitionsConsumedConcurrently?: number;
  /** Most records per handler batch (and per commit); 500 by default. */
  maxBatchSize?: number;
  /** Wait between retries of a failed batch; DEFAULT_BACKOFF (0.1 s doubling to 10 s) by default. */
  retryBackoff?: BackoffPolicy;
  /**
   * How long the group waits for a member that stopped heartbeating (a killed
   * process) before its partitions go to the others: KAFKA_SESSION_TIMEOUT_MS,
   * DEFAULT_SESSION_TIMEOUT_MS by default.
   */
  sessionTimeoutMs?: number;
}

export const DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY = 4;
export const DEFAULT_MAX_BATCH_SIZE = 500;
/** kafkajs' defaults: a 30 s session, a heartbeat every 3 s. */
export const DEFAULT_SESSION_TIMEOUT_MS = 30_000;
const MAX_HEARTBEAT_INTERVAL_MS = 3_000;

/**
 * A tenth of the session, at most kafkajs' 3 s: ten chances before the group
 * gives up on the member. A shorter session (tests restarting killed
 * services) then also means quicker rebalances, since members learn of one
 * from a heartbeat's answer.
 */
export function heartbeatIntervalFor(sessionTimeoutMs: number): number {
  return Math.min(MAX_HEARTBEAT_INTERVAL_MS, Math.max(100, Math.floor(sessionTimeoutMs / 10)));
}

// kafkajs sends at most one heartbeat per heartbeatInterval (3 s at most); a
// tick of 1 s keeps the gap during a long batch close to that.
const HEARTBEAT_TICK_MS = 1_000;
const COMMIT_ATTEMPTS = 5;
const COMMIT_BACKOFF: BackoffPolicy = { initialMs: 100, maxMs: 2_000, multiplier: 2 };
// Between attempts to rejoin after a crash kafkajs does not restart from.
const REJOIN_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000, multiplier: 2 };

/**
 * A consumer group member on one topic. kafkajs fetches; each partition's
 * records go to the handler in order, one handler batch at a time, up to
 * `partitionsConsumedConcurrently` partitions at once. An offset is queued
 * for commit right after the handler resolved for the records before it,
 * never earlier, and committed in the background (OffsetCommitter) while the
 * next records are fetched; stop() commits everything handled before it
 * leaves the group.
 *
 * A failing batch is retried in place, without limit and without skipping,
 * heartbeating meanwhile so the partitions stay ours; the retry ends only
 * when the consumer stops or the group rebalances, and then nothing is
 * committed: the next owner reads the batch again from the committed offset.
 */
export class KafkaConsumer implements StreamConsumer {
  private readonly consumer: Consumer;
  private readonly consume: ConsumeOptions;
  private readonly handler: BatchHandler;
  private readonly logger: Logger;
  private readonly metrics: TransportMetrics;
  private readonly concurrency: number;
  private readonly maxBatchSize: number;
  private readonly retryBackoff: BackoffPolicy;
  private readonly stopping = new AbortController();
  private readonly lagPartitions = new Set<string>();
  private readonly committer: OffsetCommitter;
  /** A commit that failed for good, thrown to kafkajs by the next batch so it rejoins and re-reads. */
  private commitFailure: { error: unknown } | undefined;
  private stopped: Promise<void> | undefined;

  constructor(options: KafkaConsumerOptions) {
    this.consume = options.consume;
    this.handler = options.consume.handler;
    this.logger = options.logger.child({ stream: options.consume.stream, group: options.consume.group });
    this.metrics = options.metrics;
    this.concurrency = options.partitionsConsumedConcurrently ?? DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY;
    this.maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    this.retryBackoff = options.retryBackoff ?? DEFAULT_BACKOFF;
    const sessionTimeout = options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
    this.consumer = options.kafka.consumer({
      groupId: options.consume.group,
      sessionTimeout,
      heartbeatInterval: heartbeatIntervalFor(sessionTimeout),
      // A missing stream is a deployment error: fail, do not create it with default partitions.
      allowAutoTopicCreation: false,
      // How long an idle fetch waits for records, and so how late stop() and rebalances are noticed.
      maxWaitTimeInMs: 1_000,
    });
    this.committer = new OffsetCommitter({
      maxAttempts: COMMIT_ATTEMPTS,
      backoff: COMMIT_BACKOFF,
      // A commit the group refused as from a former generation would be refused again.
      shouldRetry: (error) => isTransient(error) && !isMembershipLost(error),
      onFailure: (error, offsets) => {
        this.onCommitFailed(error, offsets);
      },
    });
  }

  async start(): Promise<void> {
    await this.join();
    this.superviseCrashes();
  }

  private async join(): Promise<void> {
    if (this.stopping.signal.aborted) throw new Error(`consumer of ${this.consume.stream} was stopped`);
    const joined = this.groupJoined();
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({
        topics: [this.consume.stream],
        fromBeginning: (this.consume.startFrom ?? 'earliest') === 'earliest',
      });
      await this.consumer.run({
        eachBatch: (payload) => this.eachBatch(payload),
        eachBatchAutoResolve: false,
        autoCommit: false,
        partitionsConsumedConcurrently: this.concurrency,
      });
      // run() returns before the group is joined; kafkajs retries what it
      // can (a broker still loading the group, a coordinator moving) and
      // crashes on the rest, which also disconnected it: start fails then.
      await joined.settled;
    } catch (error) {
      await this.consumer.disconnect().catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Kafka consumer group ${this.consume.group} could not start on ${this.consume.stream}: ${reason}`,
        {
          cause: error,
        },
      );
    } finally {
      joined.dispose();
    }
    this.logger.info('consumer joined its group');
  }

  /**
   * After start, kafkajs restarts the consumer itself after a retriable
   * failure; after any other it stays down, and the service would go on
   * without consuming. Rejoin then, with backoff, until it works or stop():
   * nothing is lost, uncommitted batches are delivered again.
   */
  private superviseCrashes(): void {
    const remove = this.consumer.on(this.consumer.events.CRASH, (event) => {
      if (event.payload.restart || this.stopping.signal.aborted) return;
      this.logger.error({ err: event.payload.error }, 'Kafka consumer crashed and kafkajs gave up on it; rejoining');
      remove();
      void retry(() => this.join(), {
        signal: this.stopping.signal,
        backoff: REJOIN_BACKOFF,
        onRetry: (error, attempt, delayMs) => {
          this.logger.error({ err: error, attempt, delayMs }, 'Kafka consumer could not rejoin; retrying');
        },
      }).then(
        () => {
          this.superviseCrashes();
        },
        (error: unknown) => {
          if (!this.stopping.signal.aborted) this.logger.fatal({ err: error }, 'Kafka consumer stopped rejoining');
        },
      );
    });
    this.stopping.signal.addEventListener('abort', remove, { once: true });
  }

  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    // Ends retries of a failing batch; a handler already running still
    // finishes, and is committed if it succeeds (from now on each batch
    // awaits its own commit).
    this.stopping.abort();
    try {
      // Commits queued before stop go out while the group is still ours.
      await this.committer.flush();
      // Waits for the batches in hand, then leaves the group.
      await this.consumer.stop();
    } finally {
      await this.consumer.disconnect();
      for (const partition of this.lagPartitions) {
        this.metrics.consumerLag.remove({ stream: this.consume.stream, partition });
      }
      this.lagPartitions.clear();
    }
    this.logger.info('consumer stopped');
  }

  private groupJoined(): { settled: Promise<void>; dispose: () => void } {
    const removers: (() => void)[] = [];
    const settled = new Promise<void>((resolve, reject) => {
      removers.push(
        this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
          resolve();
        }),
      );
      removers.push(
        this.consumer.on(this.consumer.events.CRASH, (event) => {
          // kafkajs restarts after a retriable failure and joins later.
          if (!event.payload.restart) reject(event.payload.error);
        }),
      );
    });
    // Awaited only once run() returned: if start fails before, no unhandled rejection.
    settled.catch(() => undefined);
    return {
      settled,
      dispose: () => {
        for (const remove of removers) remove();
      },
    };
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    this.throwIfCommitFailed();
    const heartbeat = startHeartbeat(
      () => payload.heartbeat(),
      HEARTBEAT_TICK_MS,
      (error) => {
        this.logger.debug({ err: error }, 'heartbeat during a batch failed');
      },
    );
    try {
      await this.handleFetched(payload, heartbeat.membershipLost);
    } finally {
      heartbeat.stop();
    }
    // While the consumer stops, a batch is committed before kafkajs may leave the group.
    if (this.stopping.signal.aborted) {
      await this.committer.flush();
      this.throwIfCommitFailed();
    }
  }

  /** Hands the fetched records to the handler batch by batch, queueing a commit after each. */
  private async handleFetched(payload: EachBatchPayload, membershipLost: AbortSignal): Promise<void> {
    const { batch } = payload;
    for (const records of toRecordBatches(batch.topic, batch.partition, batch.messages, this.maxBatchSize)) {
      // Stopping finishes only the handler batch in hand; a stale batch (a seek is pending) is dropped.
      if (!payload.isRunning() || payload.isStale()) return;
      this.rejoinIfMoved(membershipLost);
      const handled = await this.handleUntilDone(records, payload, membershipLost);
      if (!handled) {
        this.rejoinIfMoved(membershipLost);
        return;
      }
      if (payload.isStale()) return;
      const last = records.records[records.records.length - 1];
      if (last === undefined) continue;
      const next = offsetAfter(last.position);
      this.committer.enqueue({ topic: batch.topic, partition: batch.partition, offset: next }, (offsets) =>
        payload.commitOffsetsIfNecessary(offsetsByTopic(offsets)),
      );
      payload.resolveOffset(last.position);
      this.recordLag(batch.partition, batch.highWatermark, next);
    }
  }

  /**
   * Commits go through the batch payload, not consumer.commitOffsets: the
   * latter silently skips the commit once stop() began, which would lose the
   * commit of a batch that finished during shutdown. With explicit offsets
   * `commitOffsetsIfNecessary` always commits.
   *
   * A commit refused because the group rebalanced needs nothing more: kafkajs
   * rejoins anyway, and the partition's next owner re-reads from the last
   * committed offset. Any other failure goes to kafkajs with the next batch,
   * so it restarts the member, which re-reads the same way.
   */
  private onCommitFailed(error: unknown, offsets: readonly PartitionOffset[]): void {
    const partitions = offsets.map(({ partition, offset }) => ({ partition, offset }));
    this.logger.warn({ err: error, partitions }, 'committing handled batches failed; they will be read again');
    if (!isMembershipLost(error)) this.commitFailure ??= { error };
  }

  private throwIfCommitFailed(): void {
    const failure = this.commitFailure;
    if (failure === undefined) return;
    this.commitFailure = undefined;
    throw failure.error;
  }

  /**
   * Throws the group's error once it reassigns partitions (unless stopping):
   * kafkajs then rejoins, and the new owner reads on from the committed offset.
   */
  private rejoinIfMoved(membershipLost: AbortSignal): void {
    if (membershipLost.aborted && !this.stopping.signal.aborted) throw membershipLost.reason;
  }

  /** True once the handler resolved for the batch; false if it gave up (stopping, or the partitions moved). */
  private async handleUntilDone(
    batch: RecordBatch,
    payload: EachBatchPayload,
    membershipLost: AbortSignal,
  ): Promise<boolean> {
    const first = batch.records[0]?.position;
    const last = batch.records[batch.records.length - 1]?.position;
    try {
      await retry(() => this.handler(batch), {
        backoff: this.retryBackoff,
        signal: AbortSignal.any([this.stopping.signal, membershipLost]),
        // Retry for as long as kafkajs runs the consumer, which also ends if it crashes.
        shouldRetry: () => payload.isRunning(),
        onRetry: (error, attempt, delayMs) => {
          this.metrics.retries.inc({ stream: batch.stream, kind: 'transient' });
          this.logger.warn(
            { err: error, partition: batch.partition, first, last, attempt, delayMs },
            'batch handler failed; retrying the batch',
          );
        },
      });
      return true;
    } catch (error) {
      this.logger.warn(
        { err: error, partition: batch.partition, first, last },
        'gave up retrying a failed batch (consumer stopping or partitions reassigned); not committed',
      );
      return false;
    }
  }

  private recordLag(partition: number, highWatermark: string, committed: string): void {
    const label = String(partition);
    this.lagPartitions.add(label);
    this.metrics.consumerLag.set(
      { stream: this.consume.stream, partition: label },
      consumerLag(highWatermark, committed),
    );
  }
}
