import { retry, type BackoffPolicy } from '@fraud/resilience';
import type { Logger } from 'pino';

import type { TransportMetrics } from '../../metrics/transport-metrics.js';
import type { BatchHandler, RecordBatch } from '../../stream-transport.js';
import type { RecordsRequest } from './bridge-messages.js';
import { toRecordBatch } from './kcl-record-batch.js';

export interface KclBatchRunnerOptions {
  stream: string;
  handler: BatchHandler;
  logger: Logger;
  metrics: TransportMetrics;
  retryBackoff: BackoffPolicy;
}

/**
 * Runs the handler on the batches the record processors send: each batch
 * retried in place until the handler resolves, one batch at a time per shard,
 * shards side by side. One at a time also across processors: a batch a
 * restarted daemon delivers again waits until the stale run of it stopped.
 */
export class KclBatchRunner {
  private readonly options: KclBatchRunnerOptions;
  private readonly abandoned = new AbortController();
  /** Per shard, the run of its latest batch. */
  private readonly shardQueues = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly gaugeShards = new Set<string>();

  constructor(options: KclBatchRunnerOptions) {
    this.options = options;
  }

  /** Resolves once the handler resolved for the batch; rejects on giving up (abandon(), or `processorGone`). */
  run(request: RecordsRequest, processorGone: AbortSignal): Promise<void> {
    const { shardId } = request;
    const batch = toRecordBatch(this.options.stream, shardId, request.records);
    if (request.millisBehindLatest !== null && request.millisBehindLatest !== undefined) {
      this.gaugeShards.add(shardId);
      this.options.metrics.millisBehindLatest.set(
        { stream: this.options.stream, partition: shardId },
        request.millisBehindLatest,
      );
    }
    const previous = this.shardQueues.get(shardId) ?? Promise.resolve();
    const running = previous.then(() => this.handleUntilDone(batch, processorGone));
    const settled = running.catch(() => undefined);
    this.shardQueues.set(shardId, settled);
    this.inFlight.add(settled);
    void settled.then(() => {
      this.inFlight.delete(settled);
      if (this.shardQueues.get(shardId) === settled) this.shardQueues.delete(shardId);
    });
    return running;
  }

  /** The shard is no longer read here: its lag is nobody's to report. */
  shardLeft(shardId: string): void {
    this.gaugeShards.delete(shardId);
    this.options.metrics.millisBehindLatest.remove({ stream: this.options.stream, partition: shardId });
  }

  /** Ends every retry after its current attempt: those batches are answered failed, never checkpointed. */
  abandon(reason: Error): void {
    this.abandoned.abort(reason);
  }

  /** Resolves once no handler runs any more, and drops the lag of every shard. */
  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    for (const shardId of this.gaugeShards) this.shardLeft(shardId);
  }

  private async handleUntilDone(batch: RecordBatch, processorGone: AbortSignal): Promise<void> {
    const { handler, logger, metrics, retryBackoff } = this.options;
    const first = batch.records[0]?.position;
    const last = batch.records[batch.records.length - 1]?.position;
    try {
      await retry(() => handler(batch), {
        backoff: retryBackoff,
        signal: AbortSignal.any([this.abandoned.signal, processorGone]),
        onRetry: (error, attempt, delayMs) => {
          metrics.retries.inc({ stream: batch.stream, kind: 'transient' });
          logger.warn(
            { err: error, partition: batch.partition, first, last, attempt, delayMs },
            'batch handler failed; retrying the batch',
          );
        },
      });
    } catch (error) {
      logger.warn(
        { err: error, partition: batch.partition, first, last },
        'gave up retrying a failed batch (consumer stopping or processor gone); not checkpointed',
      );
      throw error;
    }
  }
}
