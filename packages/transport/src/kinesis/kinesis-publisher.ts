import { PutRecordsCommand, type PutRecordsCommandOutput } from '@aws-sdk/client-kinesis';
import { isTransient, retry, TransientError, type BackoffPolicy } from '@fraud/resilience';
import type { Logger } from 'pino';

import type { TransportMetrics } from '../metrics/transport-metrics.js';
import { PublishError, type OutgoingRecord, type PublishFailure, type StreamPublisher } from '../stream-transport.js';
import {
  PUT_RECORDS_LIMITS,
  putRecordsBatches,
  PutRecordsLimitError,
  type IndexedRecord,
  type PutRecordsBatch,
  type PutRecordsLimits,
} from './put-records-batches.js';
import { requestDependencies, runInDependencyOrder } from './put-records-order.js';

/** The one call the publisher makes; a KinesisClient, or a stand-in in tests. */
export interface PutRecordsSender {
  send(command: PutRecordsCommand): Promise<PutRecordsCommandOutput>;
}

export interface KinesisPublisherOptions {
  client: PutRecordsSender;
  metrics: TransportMetrics;
  logger: Logger;
  /** Attempts per PutRecords request, the first included. */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  limits?: PutRecordsLimits;
  /** PutRecords requests of one publish in flight at once, for requests that share no partition key; 4 by default. */
  maxRequestsInFlight?: number;
}

export const DEFAULT_PUT_ATTEMPTS = 8;
export const DEFAULT_PUT_REQUESTS_IN_FLIGHT = 4;
export const DEFAULT_PUT_BACKOFF: BackoffPolicy = { initialMs: 100, maxMs: 5_000, multiplier: 2 };

/** Per-entry error codes that pass: shard throughput, a Kinesis hiccup, KMS throttling. */
const RETRYABLE_ENTRY_CODES = new Set([
  'ProvisionedThroughputExceededException',
  'InternalFailure',
  'KMSThrottlingException',
]);

/** Whole-request errors that are throttling: a 400 the SDK does not mark retryable. */
const THROTTLING_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'KMSThrottlingException',
]);

/**
 * Publishes with PutRecords, keeping per-key order across retries.
 *
 * Ordering: the records are planned into requests holding at most one record
 * per partition key (see putRecordsBatches); a request is resent, only its
 * failed entries, until every entry is accepted, and a request holding a key
 * goes out only once the previous request holding that key was fully
 * accepted (requestDependencies). So the next record of a key is never sent
 * before the previous one was accepted, and a failed entry can never be
 * overtaken by a later record of its key. Requests that share no key have
 * nothing to order and go out together, up to `maxRequestsInFlight`: a
 * publish of more than 500 keys takes about one round trip, not one per 500.
 * Once a request is given up on, no further request starts. The usual
 * alternative, resending every entry of a key from its first failure onward,
 * does not keep order: a later entry that succeeded is already in the shard
 * ahead of the failed one, and the resend only adds a duplicate after it.
 * SequenceNumberForOrdering exists only on PutRecord (one record per call).
 *
 * A request whose response was lost (timeout, reset) is resent whole, which
 * may duplicate its records in place: delivery is at least once, and
 * consumers are idempotent by transactionId.
 *
 * Concurrent publish() calls are independent: callers publish the records of
 * one key from one place at a time (a consumer handles a partition's batches
 * one after another).
 */
export class KinesisPublisher implements StreamPublisher {
  private readonly client: PutRecordsSender;
  private readonly metrics: TransportMetrics;
  private readonly logger: Logger;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffPolicy;
  private readonly limits: PutRecordsLimits;
  private readonly maxRequestsInFlight: number;

  constructor(options: KinesisPublisherOptions) {
    this.client = options.client;
    this.metrics = options.metrics;
    this.logger = options.logger;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_PUT_ATTEMPTS;
    this.backoff = options.backoff ?? DEFAULT_PUT_BACKOFF;
    this.limits = options.limits ?? PUT_RECORDS_LIMITS;
    this.maxRequestsInFlight = options.maxRequestsInFlight ?? DEFAULT_PUT_REQUESTS_IN_FLIGHT;
  }

  async publish(stream: string, records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const batches = this.plan(stream, records);
    const refused = new Map<number, { failures: PublishFailure[]; cause: unknown }>();
    const { failed, notStarted } = await runInDependencyOrder(
      requestDependencies(batches),
      this.maxRequestsInFlight,
      async (request) => {
        const outcome = await this.putUntilAccepted(stream, batches[request]?.entries ?? []);
        if (outcome !== undefined) refused.set(request, outcome);
        return outcome === undefined;
      },
    );
    const first = failed[0];
    if (first === undefined) return;
    const failures = failed.flatMap((request) => refused.get(request)?.failures ?? []);
    const unsent = notStarted
      .flatMap((request) => (batches[request]?.entries ?? []).map(({ index }) => index))
      .sort((a, b) => a - b)
      .map((index) => ({ index, error: 'not sent: another PutRecords request of this publish was not accepted' }));
    throw new PublishError(stream, [...failures, ...unsent], { cause: refused.get(first)?.cause });
  }

  private plan(stream: string, records: readonly OutgoingRecord[]): PutRecordsBatch[] {
    try {
      return putRecordsBatches(records, this.limits);
    } catch (error) {
      if (!(error instanceof PutRecordsLimitError)) throw error;
      // Nothing was sent; the offending record comes first so the message names it.
      const others = records.flatMap((_, index) =>
        index === error.index ? [] : [{ index, error: `not sent: record #${error.index} is invalid` }],
      );
      throw new PublishError(stream, [{ index: error.index, error: error.message }, ...others], { cause: error });
    }
  }

  /**
   * Sends one planned request, then only its failed entries, until all are
   * accepted (undefined) or the attempts run out (the entries still failing).
   */
  private async putUntilAccepted(
    stream: string,
    entries: readonly IndexedRecord[],
  ): Promise<{ failures: PublishFailure[]; cause: unknown } | undefined> {
    let pending = entries;
    let failures: PublishFailure[] = [];
    try {
      await retry(
        async () => {
          let output: PutRecordsCommandOutput;
          try {
            output = await this.send(stream, pending);
          } catch (error) {
            failures = pending.map(({ index }) => ({ index, error: describe(error) }));
            throw error;
          }
          const results = output.Records ?? [];
          if (results.length !== pending.length) {
            const error = new Error(`PutRecords answered ${results.length} results for ${pending.length} records`);
            failures = pending.map(({ index }) => ({ index, error: error.message }));
            throw error;
          }
          // Results come in request order, one per entry.
          const failed = pending.flatMap((entry, position) => {
            const code = results[position]?.ErrorCode;
            return code === undefined ? [] : [{ entry, code, message: results[position]?.ErrorMessage ?? '' }];
          });
          this.metrics.recordsPublished.inc({ stream }, pending.length - failed.length);
          failures = failed.map(({ entry, code, message }) => ({ index: entry.index, error: `${code}: ${message}` }));
          if (failed.length === 0) return;
          this.metrics.publishFailures.inc({ stream }, failed.length);
          pending = failed.map(({ entry }) => entry);
          const codes = new Set(failed.map(({ code }) => code));
          const message = `${failures.length} PutRecords entries failed (${[...codes].join(', ')})`;
          const retryable = [...codes].every((code) => RETRYABLE_ENTRY_CODES.has(code));
          throw retryable ? new TransientError(message) : new Error(message);
        },
        {
          maxAttempts: this.maxAttempts,
          backoff: this.backoff,
          shouldRetry: (error) => isTransient(error),
          onRetry: (error, attempt, delayMs) => {
            this.logger.warn(
              { stream, attempt, delayMs, pending: pending.length, err: error },
              'retrying the PutRecords entries not accepted',
            );
          },
        },
      );
      return undefined;
    } catch (cause) {
      return { failures, cause };
    }
  }

  /** One PutRecords call; a whole-request failure counts every entry as not accepted. */
  private async send(stream: string, entries: readonly IndexedRecord[]): Promise<PutRecordsCommandOutput> {
    const command = new PutRecordsCommand({
      StreamName: stream,
      Records: entries.map(({ record }) => ({ PartitionKey: record.key, Data: record.value })),
    });
    try {
      return await this.client.send(command);
    } catch (error) {
      this.metrics.publishFailures.inc({ stream }, entries.length);
      // Marked transient so that a PublishError caused by it is too: the consumer then waits instead of dead-lettering.
      if (error instanceof Error && THROTTLING_ERRORS.has(error.name)) {
        throw new TransientError(`PutRecords throttled: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
