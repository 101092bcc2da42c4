import type { INestApplication } from '@nestjs/common';
import { NestMicroservice, type MicroserviceOptions } from '@nestjs/microservices';
import { LOGGER } from '@fraud/observability';
import type { Logger } from 'pino';

import { TransportMetrics } from '../metrics/transport-metrics.js';
import type { StreamTransport } from '../stream-transport.js';
import { StreamErrorFilter } from './stream-error.filter.js';
import { StreamServer, type StreamServerOptions } from './stream-server.js';
import { STREAM_PREFIX, STREAM_TRANSPORT } from './transport.tokens.js';

export type StreamConsumerSettings = Pick<
  StreamServerOptions,
  'group' | 'groups' | 'startFrom' | 'pipeline' | 'batchHooks'
>;

/**
 * Adds the stream consumers to a service (a hybrid app): a StreamServer over
 * the TransportModule's transport, logger and metrics, serving every
 * `@EventPattern` handler. Start it with `app.startAllMicroservices()`;
 * `app.close()` stops it before the transport closes.
 */
export function connectStreamServer(app: INestApplication, settings: StreamConsumerSettings): NestMicroservice {
  const streamPrefix = app.get<string>(STREAM_PREFIX);
  const server = new StreamServer({
    ...settings,
    // Two stacks sharing a cluster (STREAM_PREFIX) must not share consumer
    // groups, nor KCL lease tables, which the group names.
    group: `${streamPrefix}${settings.group}`,
    groups:
      settings.groups &&
      Object.fromEntries(Object.entries(settings.groups).map(([stream, group]) => [stream, `${streamPrefix}${group}`])),
    transport: app.get<StreamTransport>(STREAM_TRANSPORT),
    streamPrefix,
    logger: app.get<Logger>(LOGGER),
    metrics: app.get(TransportMetrics),
  });
  // Handlers are bound to their exception filters when their listeners are
  // registered, so the filter goes in between: deferred initialization, the
  // filter, then what connectMicroservice does when not deferred (the app has
  // already run the lifecycle hooks of the shared container).
  const microservice = app.connectMicroservice<MicroserviceOptions>(
    { strategy: server },
    { deferInitialization: true },
  );
  if (!(microservice instanceof NestMicroservice)) {
    throw new Error('connectStreamServer: expected @nestjs/microservices to create a NestMicroservice');
  }
  microservice.useGlobalFilters(new StreamErrorFilter());
  microservice.registerListeners();
  microservice.setIsInitialized(true);
  microservice.setIsInitHookCalled(true);
  return microservice;
}
