import { encodeEvent } from '@fraud/contracts';
import { DEFAULT_BACKOFF, isTransient, retry, type BackoffPolicy } from '@fraud/resilience';
import type { Logger } from 'pino';

import type { TransportMetrics } from '../metrics/transport-metrics.js';
import type { IncomingRecord, StreamPublisher } from '../stream-transport.js';
import { buildDeadLetter } from './dead-letter.js';
import { errorMessage } from './error-message.js';
import { groupIndicesByKey } from './group-by-key.js';
import { createLogThrottle } from './log-throttle.js';

export interface RecordRunnerOptions {
  /** The consumed stream, prefix included: the metrics' `stream` label. */
  stream: string;
  /** Where dead letters are published. */
  publisher: StreamPublisher;
  /** The stream's dead-letter stream, prefix included. */
  deadLetterStream: string;
  /** Attempts of a record whose work fails for a reason other than a transient one, before it is dead-lettered. */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  metrics: TransportMetrics;
  logger: Logger;
  /** Shutdown: records waiting on a retry give up and their batch rejects, so nothing is committed past them. */
  signal?: AbortSignal;
  /** Clock of `failedAt`. */
  now?: () => Date;
  /** Least time between two warnings about transient failures. */
  transientLogIntervalMs?: number;
}

/** Why a dead letter was written: the record broke the contract, or its work failed `maxAttempts` times. */
export type DeadLetterReason = 'invalid' | 'failed';

/** What became of one record's work: its result, or the record went to the dead-letter stream. */
export type RecordOutcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false };

/**
 * Per-record work of one stream's batches, with the retry and dead-letter
 * rules every consumer shares (docs/stream-transport.md).
 */
export interface RecordRunner {
  /** Publishes the record's DeadLetter, retrying the publish without limit; counts the record done. */
  deadLetter(record: IncomingRecord, error: unknown, attempts: number, reason: DeadLetterReason): Promise<void>;
  /**
   * Runs `work` for each record: each key's records one after another in
   * batch order, keys concurrently, at most `maxInFlight` at once.
   * - A transient failure (dependency down: `isTransient`) is retried without
   *   limit: the record, and so the batch and the commit, wait for it.
   * - Any other failure is retried up to `maxAttempts` times in all, then the
   *   record is dead-lettered with the last error and its key goes on.
   * - After a record gives up (shutdown while it waited on a retry) no
   *   record starts, and the call rejects once those in flight have settled.
   * Resolves with each record's outcome, in the order of `records`.
   */
  runEach<R>(
    records: readonly IncomingRecord[],
    work: (index: number) => Promise<R>,
    maxInFlight: number,
  ): Promise<RecordOutcome<R>[]>;
  /** Counts a record done (handled or dead-lettered): committable once its batch resolves. */
  recordDone(): void;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_MAX_IN_FLIGHT = 64;
const DEFAULT_TRANSIENT_LOG_INTERVAL_MS = 10_000;

/** Why a batch rejected: shutdown came while one of its records waited on a retry. */
export class RecordRetryAbortedError extends Error {
  constructor(record: IncomingRecord, options: { cause: unknown }) {
    super(
      `stopped while retrying ${record.stream} partition ${record.partition} position ${record.position}: ${errorMessage(options.cause)}`,
      options,
    );
    this.name = 'RecordRetryAbortedError';
  }
}

/** Payloads are never logged: a malformed record may hold card data. */
export function createRecordRunner(options: RecordRunnerOptions): RecordRunner {
  const maxAttempts = positiveInteger('maxAttempts', options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const now = options.now ?? (() => new Date());
  const { metrics, signal } = options;
  const labels = { stream: options.stream };
  const logger = options.logger.child({ stream: options.stream });
  const throttleTransient = createLogThrottle(options.transientLogIntervalMs ?? DEFAULT_TRANSIENT_LOG_INTERVAL_MS);

  const recordDone = (): void => {
    metrics.recordsConsumed.inc(labels);
  };

  const onTransientFailure = (record: IncomingRecord, error: unknown, delayMs: number, message: string): void => {
    metrics.retries.inc({ ...labels, kind: 'transient' });
    throttleTransient((suppressed) => {
      logger.warn({ ...whereIs(record), err: error, delayMs, suppressed }, message);
    });
  };

  const deadLetter = async (
    record: IncomingRecord,
    error: unknown,
    attempts: number,
    reason: DeadLetterReason,
  ): Promise<void> => {
    const letter = buildDeadLetter(record, { error: errorMessage(error), attempts, failedAt: now() });
    logger.error({ ...whereIs(record), err: error, attempts, reason }, 'dead-lettering record');
    const dlqRecord = { key: record.key, value: encodeEvent(letter) };
    // A dead letter that cannot be published is a dependency failure, never
    // the record's: retried without limit, the batch waiting for it.
    await retry(() => options.publisher.publish(options.deadLetterStream, [dlqRecord]), {
      backoff,
      signal,
      onRetry: (publishError, _attempt, delayMs) => {
        onTransientFailure(record, publishError, delayMs, 'dead-letter publish failed, retrying until it passes');
      },
    }).catch((publishError: unknown) => {
      throw new RecordRetryAbortedError(record, { cause: publishError });
    });
    metrics.deadLettered.inc({ ...labels, reason });
    recordDone();
  };

  const runWithRetries = async <R>(record: IncomingRecord, work: () => Promise<R>): Promise<RecordOutcome<R>> => {
    // Counted in the retry callbacks: failures other than transient ones, and whether they used up maxAttempts.
    const progress = { recordFailures: 0, exhausted: false };
    try {
      const value = await retry(work, {
        backoff,
        signal,
        shouldRetry: (error) => {
          if (isTransient(error)) return true;
          progress.recordFailures += 1;
          progress.exhausted = progress.recordFailures >= maxAttempts;
          return !progress.exhausted;
        },
        onRetry: (error, _attempt, delayMs) => {
          if (isTransient(error)) {
            onTransientFailure(record, error, delayMs, 'transient failure, retrying until it passes');
            return;
          }
          metrics.retries.inc({ ...labels, kind: 'record' });
          logger.warn(
            { ...whereIs(record), err: error, attempt: progress.recordFailures, maxAttempts, delayMs },
            'record failed, retrying',
          );
        },
      });
      recordDone();
      return { ok: true, value };
    } catch (error) {
      // Not exhausted means retry gave up because of `signal`: the record is
      // unfinished, so the batch must not be committed.
      if (!progress.exhausted) throw new RecordRetryAbortedError(record, { cause: error });
      await deadLetter(record, error, maxAttempts, 'failed');
      return { ok: false };
    }
  };

  const runEach = async <R>(
    records: readonly IncomingRecord[],
    work: (index: number) => Promise<R>,
    maxInFlight: number,
  ): Promise<RecordOutcome<R>[]> => {
    positiveInteger('maxInFlight', maxInFlight);
    const groups = groupIndicesByKey(records);
    const outcomes = new Array<RecordOutcome<R>>(records.length);
    let failure: { error: unknown } | undefined;
    const failed = (): boolean => failure !== undefined;
    let nextGroup = 0;
    // Each worker takes the next key and runs its records in order. After a
    // failure no record starts, and the call rejects only once the ones in
    // flight have settled, so nothing still runs when the consumer moves on.
    const worker = async (): Promise<void> => {
      while (!failed() && nextGroup < groups.length) {
        const group = groups[nextGroup++] ?? [];
        for (const index of group) {
          if (failed()) return;
          const record = records[index];
          if (record === undefined) continue;
          try {
            outcomes[index] = await runWithRetries(record, () => work(index));
          } catch (error) {
            failure ??= { error };
            return;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(maxInFlight, groups.length) }, worker));
    if (failure !== undefined) throw failure.error;
    return outcomes;
  };

  return { deadLetter, runEach, recordDone };
}

/** Where a record sits, for logs: never its payload. */
function whereIs(record: IncomingRecord): { partition: string; position: string; key: string } {
  return { partition: record.partition, position: record.position, key: record.key };
}

export function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
