export { connectStreamServer, type StreamConsumerSettings } from './connect-stream-server.js';
export { EventPublisher, type OutgoingEvent } from './stream-publisher.service.js';
export type { StreamBatchHooks } from './stream-batch-hooks.js';
export { StreamErrorFilter } from './stream-error.filter.js';
export { StreamEvent } from './stream-event.decorator.js';
export { StreamRecordContext } from './stream-record.context.js';
export { STREAM_TRANSPORT_ID, StreamServer, type StreamServerOptions } from './stream-server.js';
export { TransportModule, type TransportModuleDependencies, type TransportModuleOptions } from './transport.module.js';
export { STREAM_PREFIX, STREAM_TRANSPORT } from './transport.tokens.js';
