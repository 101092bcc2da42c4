export { createTransport, type TransportDependencies, type TransportSettings } from './create-transport.js';
export { KafkaTransport, kafkaConnectionConfig, type KafkaTransportOptions } from './kafka/index.js';
export { KinesisTransport, type KinesisTransportOptions } from './kinesis/kinesis-transport.js';
export { TransportMetrics } from './metrics/transport-metrics.js';
export * from './nest/index.js';
export * from './pipeline/index.js';
export {
  PublishError,
  type BatchHandler,
  type ConsumeOptions,
  type IncomingRecord,
  type OutgoingRecord,
  type PublishFailure,
  type RecordBatch,
  type StreamConsumer,
  type StreamPublisher,
  type StreamTransport,
} from './stream-transport.js';
