export { EventPublisher } from './event-publisher.js';
export { StreamBatch, STREAM_BATCH_METADATA, type StreamBatchHandler } from './stream-batch.decorator.js';
export { StreamConsumers, type Consumption } from './stream-consumers.js';
export { TransportModule, type TransportModuleDependencies, type TransportModuleOptions } from './transport.module.js';
export { PUBLISHED_STREAMS, STREAM_PREFIX, STREAM_TRANSPORT } from './transport.tokens.js';
