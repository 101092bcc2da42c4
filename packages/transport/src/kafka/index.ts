export {
  kafkaConnectionConfig,
  type KafkaAuthDependencies,
  type KafkaAuthMode,
  type KafkaConnectionConfig,
  type KafkaConnectionSettings,
  type MskAuthTokenSigner,
} from './kafka-auth.js';
export { ensureTopics } from './kafka-admin.js';
export {
  DEFAULT_MAX_BATCH_SIZE,
  DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY,
  KafkaConsumer,
  type KafkaConsumerOptions,
} from './kafka-consumer.js';
export { KafkaPublisher, type KafkaPublisherOptions } from './kafka-publisher.js';
export { KafkaTransport, type KafkaTransportOptions } from './kafka-transport.js';
