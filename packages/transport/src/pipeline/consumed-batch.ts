import type { IncomingRecord } from '../stream-transport.js';
import { DEFAULT_MAX_IN_FLIGHT, type RecordRunner } from './record-runner.js';

/** A contract-valid record of a consumed batch: its event and where it sits. */
export interface ConsumedRecord<E> {
  readonly event: E;
  /** The stream, prefix included. */
  readonly stream: string;
  /** Kafka partition number, or Kinesis shard id. */
  readonly partition: string;
  /** Kafka offset, or Kinesis sequence number. */
  readonly position: string;
  /** The partition key: the card token. */
  readonly key: string;
  /** Broker append time (Kafka) or approximate arrival time (Kinesis). */
  readonly timestamp: Date;
}

export interface MapRecordsOptions {
  /** Records worked on at once, each of a different key; 64 by default. */
  maxInFlight?: number;
}

/**
 * What a stream's batch handler receives: the records of one batch of one
 * partition or shard that passed the stream's contract, in partition order
 * (those that did not are already dead-lettered). When the handler resolves,
 * the whole batch may be committed; when it rejects, none of it is, and the
 * consumer retries the batch with backoff.
 */
export interface ConsumedBatch<E> {
  /** The stream, prefix included. */
  readonly stream: string;
  readonly partition: string;
  readonly records: readonly ConsumedRecord<E>[];
  /**
   * Work per record, where one record's failure must not fail the batch:
   * each key's records in order, keys concurrently. A transient failure
   * (`isTransient`) is retried in place without limit; any other is retried,
   * then the record is dead-lettered with the error and the others go on.
   * Resolves with the results of the records not dead-lettered, in batch order.
   */
  mapRecords<R>(
    work: (record: ConsumedRecord<E>, index: number) => Promise<R>,
    options?: MapRecordsOptions,
  ): Promise<R[]>;
}

/** The ConsumedBatch a pipeline hands over, which also knows which records it has counted done. */
export class RunningBatch<E> implements ConsumedBatch<E> {
  readonly records: readonly ConsumedRecord<E>[];
  private readonly sources: readonly IncomingRecord[];
  private readonly done: boolean[];

  constructor(
    readonly stream: string,
    readonly partition: string,
    valid: readonly { readonly event: E; readonly source: IncomingRecord }[],
    private readonly runner: RecordRunner,
  ) {
    this.records = valid.map(({ event, source }) => ({
      event,
      stream: source.stream,
      partition: source.partition,
      position: source.position,
      key: source.key,
      timestamp: source.timestamp,
    }));
    this.sources = valid.map(({ source }) => source);
    this.done = valid.map(() => false);
  }

  async mapRecords<R>(
    work: (record: ConsumedRecord<E>, index: number) => Promise<R>,
    options: MapRecordsOptions = {},
  ): Promise<R[]> {
    const outcomes = await this.runner.runEach(
      this.sources,
      (index) => {
        const record = this.records[index];
        if (record === undefined) throw new RangeError(`no record ${index} in the batch`);
        return work(record, index);
      },
      options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
    );
    outcomes.forEach((_, index) => {
      this.done[index] = true;
    });
    return outcomes.flatMap((outcome) => (outcome.ok ? [outcome.value] : []));
  }

  /** Counts done the records no `mapRecords` call finished, once the handler resolved. */
  finish(): void {
    this.done.forEach((done, index) => {
      if (!done) {
        this.done[index] = true;
        this.runner.recordDone();
      }
    });
  }
}
