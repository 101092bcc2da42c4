import type { SharedSettings } from '@fraud/config';
import type { Logger } from 'pino';

import { KafkaTransport } from './kafka/kafka-transport.js';
import { KinesisTransport } from './kinesis/kinesis-transport.js';
import type { TransportMetrics } from './metrics/transport-metrics.js';
import type { StreamTransport } from './stream-transport.js';

export type TransportSettings = Pick<
  SharedSettings,
  | 'TRANSPORT'
  | 'KAFKA_BROKERS'
  | 'KAFKA_AUTH'
  | 'KAFKA_TLS'
  | 'KAFKA_SASL_USERNAME'
  | 'KAFKA_SASL_PASSWORD'
  | 'KAFKA_COMPRESSION'
  | 'KAFKA_SESSION_TIMEOUT_MS'
  | 'AWS_REGION'
  | 'KINESIS_ENDPOINT'
  | 'DYNAMODB_ENDPOINT'
  | 'KINESIS_IDLE_TIME_BETWEEN_READS_MS'
>;

export interface TransportDependencies {
  /** Kafka client id; also names the service in broker logs. */
  clientId: string;
  logger: Logger;
  metrics: TransportMetrics;
}

/** The adapter TRANSPORT names, configured from the shared settings. */
export function createTransport(settings: TransportSettings, deps: TransportDependencies): StreamTransport {
  if (settings.TRANSPORT === 'kafka') {
    return new KafkaTransport({
      clientId: deps.clientId,
      brokers: settings.KAFKA_BROKERS ?? [],
      auth: settings.KAFKA_AUTH,
      tls: settings.KAFKA_TLS,
      saslUsername: settings.KAFKA_SASL_USERNAME,
      saslPassword: settings.KAFKA_SASL_PASSWORD,
      region: settings.AWS_REGION,
      compression: settings.KAFKA_COMPRESSION,
      sessionTimeoutMs: settings.KAFKA_SESSION_TIMEOUT_MS,
      logger: deps.logger,
      metrics: deps.metrics,
    });
  }
  return new KinesisTransport({
    region: settings.AWS_REGION ?? '',
    endpoint: settings.KINESIS_ENDPOINT,
    dynamodbEndpoint: settings.DYNAMODB_ENDPOINT,
    idleTimeBetweenReadsMillis: settings.KINESIS_IDLE_TIME_BETWEEN_READS_MS,
    logger: deps.logger,
    metrics: deps.metrics,
  });
}
