// The one interface every service speaks. Only this package knows kafkajs,
// the Kinesis SDK and the KCL; TRANSPORT=kafka|kinesis picks the adapter.

/** A record to publish. `key` is the partition key: the card token everywhere. */
export interface OutgoingRecord {
  key: string;
  value: Buffer;
}

/** A record as consumed, with where it came from. */
export interface IncomingRecord {
  stream: string;
  /** Kafka partition number, or Kinesis shard id. */
  partition: string;
  /** Kafka offset, or Kinesis sequence number. */
  position: string;
  key: string;
  value: Buffer;
  /** Broker append time (Kafka) or approximate arrival time (Kinesis). */
  timestamp: Date;
}

/** Consecutive records of one partition, in partition order. */
export interface RecordBatch {
  stream: string;
  partition: string;
  records: readonly IncomingRecord[];
}

/**
 * Handles one batch. Resolving means every record in it is done (outputs
 * durably published): the consumer may then commit past the batch. Rejecting
 * means none may be committed; the consumer retries the batch, so a handler
 * must be idempotent (every stage is, by transactionId).
 */
export type BatchHandler = (batch: RecordBatch) => Promise<void>;

export interface ConsumeOptions {
  stream: string;
  /** Kafka consumer group / KCL application name (also its lease table). */
  group: string;
  handler: BatchHandler;
  /** Where a group with no committed position starts; `earliest` by default. */
  startFrom?: 'earliest' | 'latest';
}

/** One failed record of a publish: its index in the batch and why. */
export interface PublishFailure {
  index: number;
  error: string;
}

/** A publish that did not durably land every record. */
export class PublishError extends Error {
  readonly failures: readonly PublishFailure[];

  constructor(stream: string, failures: readonly PublishFailure[], options?: { cause?: unknown }) {
    super(
      `publish to ${stream}: ${failures.length} record(s) not accepted: ${failures
        .slice(0, 3)
        .map((f) => `#${f.index} ${f.error}`)
        .join('; ')}`,
      options,
    );
    this.name = 'PublishError';
    this.failures = failures;
  }
}

export interface StreamPublisher {
  /**
   * Resolves only when the transport has durably accepted every record
   * (Kafka acks=all; Kinesis PutRecords success per entry); rejects with a
   * PublishError naming the records that failed. Records of one key keep
   * their order.
   */
  publish(stream: string, records: readonly OutgoingRecord[]): Promise<void>;
}

export interface StreamConsumer {
  /** Resolves once the consumer has joined its group and is fetching. */
  start(): Promise<void>;
  /** Stops fetching, lets in-flight batches finish, commits, and disconnects. */
  stop(): Promise<void>;
}

export interface StreamTransport {
  readonly kind: 'kafka' | 'kinesis';
  readonly publisher: StreamPublisher;
  /** Creates the streams that do not exist yet (local and test use; in AWS the deployment owns them). */
  ensureStreams(streams: readonly string[], partitions: number): Promise<void>;
  consumer(options: ConsumeOptions): StreamConsumer;
  /** Connects the publisher; consumers connect on start. */
  connect(): Promise<void>;
  /** Flushes and disconnects the publisher. Stop consumers first. */
  close(): Promise<void>;
}
