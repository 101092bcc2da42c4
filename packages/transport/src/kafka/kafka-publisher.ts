import type { Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';

import type { TransportMetrics } from '../metrics/transport-metrics.js';
import { PublishError, type OutgoingRecord, type StreamPublisher } from '../stream-transport.js';
import { javaCompatiblePartitioner } from './java-partitioner.js';
import { compressionFor, DEFAULT_COMPRESS_MIN_BYTES, type KafkaCompression } from './kafka-compression.js';
import { SendQueue, type SendPart } from './kafka-send-queue.js';

export interface KafkaPublisherOptions {
  kafka: Kafka;
  metrics: TransportMetrics;
  logger: Logger;
  /** `none` by default; with `gzip`, publishes of at least `compressMinBytes` (64 KiB by default) are compressed. */
  compression?: KafkaCompression;
  compressMinBytes?: number;
}

/**
 * Publishes through one idempotent kafkajs producer: acks from all in-sync
 * replicas, broker-side de-duplication of kafkajs's own retries, GZIP for
 * bulk publishes when asked for (compressionFor).
 *
 * kafkajs batches one send per partition leader itself, so a publish is one
 * send, or a few in turn when it is too big for one request, and publishes
 * made while a send is in flight share the next (SendQueue). An idempotent
 * kafkajs producer holds a lock per broker, one produce request in flight
 * each, and retries a request whole: the records of a key within a publish
 * keep their order. Callers publish one key's records from one place at a
 * time (a consumer handles a partition's batches in turn).
 *
 * After a send fails the producer is replaced: kafkajs rolls its sequence
 * numbers back on failure, but a request that timed out may still have been
 * written, and the next records sent with the same sequence numbers would
 * then be dropped by the broker as duplicates, or fail forever as out of
 * order. A new producer gets a new producer id and starts afresh.
 */
export class KafkaPublisher implements StreamPublisher {
  private readonly kafka: Kafka;
  private readonly metrics: TransportMetrics;
  private readonly logger: Logger;
  private readonly compression: KafkaCompression;
  private readonly compressMinBytes: number;
  private connecting: Promise<Producer> | undefined;
  /** The connected producer, once `connecting` resolved. */
  private active: Producer | undefined;
  private readonly retiring = new Set<Promise<void>>();
  private readonly queue = new SendQueue((parts) => this.send(parts));
  private closed = false;

  constructor(options: KafkaPublisherOptions) {
    this.kafka = options.kafka;
    this.metrics = options.metrics;
    this.logger = options.logger;
    this.compression = options.compression ?? 'none';
    this.compressMinBytes = options.compressMinBytes ?? DEFAULT_COMPRESS_MIN_BYTES;
  }

  async connect(): Promise<void> {
    await this.producer();
  }

  async publish(stream: string, records: readonly OutgoingRecord[]): Promise<void> {
    try {
      await this.queue.publish(stream, records);
    } catch (error) {
      const failed = error instanceof PublishError ? error.failures.length : records.length;
      this.metrics.publishFailures.inc({ stream }, failed);
      throw error;
    }
  }

  /** One produce request; after a failure the producer is replaced. */
  private async send(parts: readonly SendPart[]): Promise<void> {
    let producer: Producer | undefined;
    try {
      if (this.closed) throw new Error('the Kafka publisher is closed');
      producer = await this.producer();
      await producer.sendBatch({
        acks: -1,
        compression: compressionFor(
          parts.flatMap((part) => part.records),
          this.compression,
          this.compressMinBytes,
        ),
        topicMessages: parts.map((part) => ({
          topic: part.stream,
          messages: part.records.map((record) => ({ key: record.key, value: record.value })),
        })),
      });
    } catch (error) {
      if (producer !== undefined) this.replace(producer);
      throw error;
    }
    for (const part of parts) this.metrics.recordsPublished.inc({ stream: part.stream }, part.records.length);
  }

  async close(): Promise<void> {
    this.closed = true;
    const connecting = this.connecting;
    this.connecting = undefined;
    this.active = undefined;
    const producer = await connecting?.catch(() => undefined);
    if (producer !== undefined) this.retire(producer);
    await Promise.all(this.retiring);
  }

  private producer(): Promise<Producer> {
    this.connecting ??= this.createProducer();
    return this.connecting;
  }

  private async createProducer(): Promise<Producer> {
    const producer = this.kafka.producer({
      idempotent: true,
      // About 10 s of retries, then the publish fails back to the handler,
      // whose batch the consumer retries without limit but can abandon on
      // shutdown. kafkajs warns that limited retries may break idempotence;
      // replacing the producer after a failure (above) is what keeps it.
      retry: { retries: 5 },
      // A missing stream is a deployment error, not something to create with default partitions.
      allowAutoTopicCreation: false,
      // Java's murmur2 partitioner: a card token lands where a Java producer would put it.
      createPartitioner: javaCompatiblePartitioner,
    });
    try {
      await producer.connect();
    } catch (error) {
      this.connecting = undefined;
      this.retire(producer);
      throw error;
    }
    this.active = producer;
    return producer;
  }

  private replace(failed: Producer): void {
    // Concurrent publishes failing together replace it once.
    if (this.active !== failed) return;
    this.active = undefined;
    this.connecting = undefined;
    this.logger.warn('replacing the Kafka producer after a failed send');
    this.retire(failed);
  }

  private retire(producer: Producer): void {
    const disconnecting = producer
      .disconnect()
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'disconnecting a Kafka producer failed');
      })
      .finally(() => this.retiring.delete(disconnecting));
    this.retiring.add(disconnecting);
  }
}
