import { encodeEvent } from '@fraud/contracts';
import { DEFAULT_BACKOFF, isTransient, retry, type BackoffPolicy } from '@fraud/resilience';
import type { Logger } from 'pino';

import type { TransportMetrics } from '../metrics/transport-metrics.js';
import type { BatchHandler, IncomingRecord, RecordBatch, StreamPublisher } from '../stream-transport.js';
import { buildDeadLetter } from './dead-letter.js';
import { errorMessage } from './error-message.js';
import { groupByKey } from './group-by-key.js';
import { createLogThrottle } from './log-throttle.js';

/** What a decoder returns; a contract's `decode` (`ParseResult`) is one. */
export type DecodeResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Error };

export interface RecordPipelineOptions<T> {
  /** The consumed stream, prefix included: the metrics' `stream` label. */
  stream: string;
  /** Bytes to event; a failure is dead-lettered at once, since retrying cannot fix a payload. */
  decode: (record: IncomingRecord) => DecodeResult<T>;
  /** Processes one event; resolves once its outputs are durably published. */
  handle: (value: T, record: IncomingRecord) => Promise<void>;
  /** Where dead letters are published. */
  publisher: StreamPublisher;
  /** The stream's dead-letter stream, prefix included. */
  deadLetterStream: string;
  /** Attempts of a record whose handler fails for a reason other than a transient one, before it is dead-lettered. */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /** Records handled at once, each of a different key. */
  maxInFlight?: number;
  metrics: TransportMetrics;
  logger: Logger;
  /** Shutdown: records waiting on a retry give up and their batch rejects, so nothing is committed past them. */
  signal?: AbortSignal;
  /** Clock of `failedAt`. */
  now?: () => Date;
  /** Least time between two warnings about transient failures. */
  transientLogIntervalMs?: number;
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

/**
 * The consumer side of every stream, whatever the transport: a BatchHandler
 * that decodes and handles each record with retries and dead letters.
 *
 * - Records of one key are handled one after another in batch order; keys
 *   run concurrently, at most `maxInFlight` records at a time.
 * - A record that does not decode goes to the dead-letter stream at once.
 * - A transient failure (dependency down: `isTransient`) is retried without
 *   limit: the record, and so the batch and the commit, wait for it.
 * - Any other failure is retried up to `maxAttempts` times in all, then the
 *   record is dead-lettered and the records after it go on.
 * - The batch resolves once every record is handled or durably dead-lettered,
 *   and rejects if `signal` aborts while a record waits on a retry.
 *
 * Payloads are never logged: a malformed record may hold card data.
 */
export function createRecordPipeline<T>(options: RecordPipelineOptions<T>): BatchHandler {
  const maxAttempts = positiveInteger('maxAttempts', options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const maxInFlight = positiveInteger('maxInFlight', options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const now = options.now ?? (() => new Date());
  const { metrics, signal } = options;
  const labels = { stream: options.stream };
  const logger = options.logger.child({ stream: options.stream });
  const throttleTransient = createLogThrottle(options.transientLogIntervalMs ?? DEFAULT_TRANSIENT_LOG_INTERVAL_MS);

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
    reason: 'invalid' | 'failed',
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
  };

  const handleWithRetries = async (value: T, record: IncomingRecord): Promise<void> => {
    // Counted in the retry callbacks: failures other than transient ones, and whether they used up maxAttempts.
    const progress = { recordFailures: 0, exhausted: false };
    try {
      await retry(() => options.handle(value, record), {
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
    } catch (error) {
      // Not exhausted means retry gave up because of `signal`: the record is
      // unfinished, so the batch must not be committed.
      if (!progress.exhausted) throw new RecordRetryAbortedError(record, { cause: error });
      await deadLetter(record, error, maxAttempts, 'failed');
    }
  };

  const processRecord = async (record: IncomingRecord): Promise<void> => {
    const stopTimer = metrics.handlerSeconds.startTimer(labels);
    const decoded = decodeSafely(options.decode, record);
    if (decoded.ok) await handleWithRetries(decoded.value, record);
    else await deadLetter(record, decoded.error, 1, 'invalid');
    stopTimer();
    metrics.recordsConsumed.inc(labels);
  };

  return async (batch: RecordBatch): Promise<void> => {
    const groups = groupByKey(batch.records);
    let failure: { error: unknown } | undefined;
    const failed = (): boolean => failure !== undefined;
    let nextGroup = 0;
    // Each worker takes the next key and handles its records in order. After a
    // failure no record starts, and the batch rejects only once the ones in
    // flight have settled, so nothing still runs when the consumer moves on.
    const worker = async (): Promise<void> => {
      while (!failed() && nextGroup < groups.length) {
        const group = groups[nextGroup++] ?? [];
        for (const record of group) {
          if (failed()) return;
          try {
            await processRecord(record);
          } catch (error) {
            failure ??= { error };
            return;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(maxInFlight, groups.length) }, worker));
    if (failure !== undefined) throw failure.error;
  };
}

/** A decoder that throws has refused the record too: it must not block the partition. */
function decodeSafely<T>(decode: (record: IncomingRecord) => DecodeResult<T>, record: IncomingRecord): DecodeResult<T> {
  try {
    return decode(record);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(errorMessage(error)) };
  }
}

/** Where a record sits, for logs: never its payload. */
function whereIs(record: IncomingRecord): { partition: string; position: string; key: string } {
  return { partition: record.partition, position: record.position, key: record.key };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
