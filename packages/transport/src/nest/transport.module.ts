import { LOGGER } from '@fraud/observability';
import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { streamName, streamNames, type StreamName } from '@fraud/contracts';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';

import { TransportMetrics } from '../metrics/transport-metrics.js';
import type { StreamTransport } from '../stream-transport.js';
import { EventPublisher } from './event-publisher.js';
import { StreamConsumers, type Consumption } from './stream-consumers.js';
import { CONSUMPTION, PUBLISHED_STREAMS, STREAM_PREFIX, STREAM_TRANSPORT } from './transport.tokens.js';

/** What a transport is built from inside the app: the service's logger and metrics registry. */
export interface TransportModuleDependencies {
  logger: Logger;
  metrics: TransportMetrics;
}

export interface TransportModuleOptions {
  /** STREAM_PREFIX. */
  streamPrefix: string;
  /** Builds the transport, e.g. `(deps) => createTransport(settings, { clientId: 'inference', ...deps })`. */
  transport: (deps: TransportModuleDependencies) => StreamTransport;
  /**
   * Local runs (CREATE_STREAMS=true): create every stream of the contract and
   * its dead-letter stream, prefixed, with this many partitions or shards, if
   * missing. In AWS the deployment owns the streams; leave it unset.
   */
  createStreamsWithPartitions?: number | undefined;
  /** The streams the service consumes, each with its group, and their retries; none by default. */
  consumption?: Consumption;
  /** The streams `EventPublisher` may publish to; none by default. */
  publishes?: readonly StreamName[];
}

/** Options of the module instance, for its lifecycle hooks. */
const MODULE_OPTIONS = Symbol('TRANSPORT_MODULE_OPTIONS');

/**
 * The service's transport, for injection (`STREAM_TRANSPORT`, `EventPublisher`,
 * `TransportMetrics`), and its consumers (StreamConsumers). It connects on
 * start and closes at application shutdown, which Nest runs after the
 * consumers have stopped, so their last outputs are still published. Needs
 * ObservabilityModule (LOGGER, Registry), which startService provides.
 */
@Global()
@Module({})
export class TransportModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(STREAM_TRANSPORT) private readonly transport: StreamTransport,
    @Inject(MODULE_OPTIONS) private readonly options: TransportModuleOptions,
  ) {}

  static forRoot(options: TransportModuleOptions): DynamicModule {
    // Fails at start, naming the prefix, rather than at the first publish.
    streamName('', options.streamPrefix);
    return {
      module: TransportModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: STREAM_PREFIX, useValue: options.streamPrefix },
        { provide: MODULE_OPTIONS, useValue: options },
        {
          provide: TransportMetrics,
          useFactory: (registry: Registry) => new TransportMetrics(registry),
          inject: [Registry],
        },
        {
          provide: STREAM_TRANSPORT,
          useFactory: (logger: Logger, metrics: TransportMetrics) => options.transport({ logger, metrics }),
          inject: [LOGGER, TransportMetrics],
        },
        { provide: PUBLISHED_STREAMS, useValue: options.publishes ?? [] },
        { provide: CONSUMPTION, useValue: options.consumption ?? { consumes: {} } },
        EventPublisher,
        StreamConsumers,
      ],
      exports: [STREAM_PREFIX, STREAM_TRANSPORT, TransportMetrics, EventPublisher],
    };
  }

  async onModuleInit(): Promise<void> {
    await this.transport.connect();
    const partitions = this.options.createStreamsWithPartitions;
    if (partitions !== undefined) {
      await this.transport.ensureStreams(streamNames(this.options.streamPrefix).all, partitions);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }
}
