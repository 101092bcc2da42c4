import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';

import type { TransportMetrics } from '../metrics/transport-metrics.js';
import type { ConsumeOptions, StreamConsumer, StreamTransport } from '../stream-transport.js';
import { ensureTopics } from './kafka-admin.js';
import { kafkaConnectionConfig, type KafkaAuthDependencies, type KafkaConnectionSettings } from './kafka-auth.js';
import type { KafkaCompression } from './kafka-compression.js';
import { KafkaConsumer } from './kafka-consumer.js';
import { kafkaLogLevel, pinoLogCreator } from './kafka-log-creator.js';
import { KafkaPublisher } from './kafka-publisher.js';
import { patchKafkaRecordBatchCrc } from './crc32c-patch.js';
import { patchKafkaRequestQueueIdleTimer } from './request-queue-idle-patch.js';

export interface KafkaTransportOptions extends KafkaConnectionSettings, KafkaAuthDependencies {
  /** Names this service to the brokers (logs, quotas). */
  clientId: string;
  logger: Logger;
  metrics: TransportMetrics;
  /** Partitions each consumer handles at once; 4 by default. */
  partitionsConsumedConcurrently?: number;
  /** Most records per handler batch and commit; 500 by default. */
  maxBatchSize?: number;
  /** KAFKA_COMPRESSION: `none` by default. */
  compression?: KafkaCompression;
  /** KAFKA_SESSION_TIMEOUT_MS: 30 s (kafkajs' default) by default. */
  sessionTimeoutMs?: number;
}

/** Kafka or Amazon MSK through kafkajs: one idempotent producer, one consumer group member per consume. */
export class KafkaTransport implements StreamTransport {
  readonly kind = 'kafka';
  readonly publisher: KafkaPublisher;
  private readonly kafka: Kafka;
  private readonly options: KafkaTransportOptions;
  private readonly logger: Logger;

  constructor(options: KafkaTransportOptions) {
    patchKafkaRequestQueueIdleTimer();
    patchKafkaRecordBatchCrc();
    this.options = options;
    const logger = options.logger.child({ transport: 'kafka' });
    this.logger = logger;
    this.kafka = new Kafka({
      clientId: options.clientId,
      ...kafkaConnectionConfig(options, options),
      logLevel: kafkaLogLevel(logger),
      logCreator: pinoLogCreator(logger),
      // About a minute of backoff (0.3 s doubling, capped at 30 s) before
      // kafkajs gives up connecting or on an admin call. A consumer retries
      // 5 times, then kafkajs restarts it; a publish gives up after about
      // 10 s (KafkaPublisher).
      retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 30_000 },
    });
    this.publisher = new KafkaPublisher({
      kafka: this.kafka,
      metrics: options.metrics,
      logger,
      compression: options.compression,
    });
  }

  ensureStreams(streams: readonly string[], partitions: number): Promise<void> {
    return ensureTopics(this.kafka, streams, partitions);
  }

  consumer(options: ConsumeOptions): StreamConsumer {
    return new KafkaConsumer({
      kafka: this.kafka,
      consume: options,
      logger: this.logger,
      metrics: this.options.metrics,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      maxBatchSize: this.options.maxBatchSize,
      sessionTimeoutMs: this.options.sessionTimeoutMs,
    });
  }

  connect(): Promise<void> {
    return this.publisher.connect();
  }

  close(): Promise<void> {
    return this.publisher.close();
  }
}
