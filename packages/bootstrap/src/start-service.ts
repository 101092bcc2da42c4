import 'reflect-metadata';

import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadSettings, SETTINGS, SettingsError, type SettingsSpec, type SharedSettings } from '@fraud/config';
import type { StreamName } from '@fraud/contracts';
import {
  createLogger,
  createMetricsRegistry,
  HealthRegistry,
  installGracefulShutdown,
  NestPinoLogger,
  ObservabilityModule,
} from '@fraud/observability';
import { createTransport, TransportModule, type TransportSettings } from '@fraud/transport';
import type { z } from 'zod';

/** The settings startService itself reads; every service schema includes them via sharedSettingsShape. */
type BootSettings = Pick<SharedSettings, 'HTTP_PORT' | 'HTTP_HOST' | 'LOG_LEVEL' | 'SHUTDOWN_TIMEOUT_SECONDS'>;

/** What a service with streams also reads: its transport, and the streams' prefix and creation. */
type StreamSettings = TransportSettings &
  Pick<SharedSettings, 'STREAM_PREFIX' | 'CREATE_STREAMS' | 'STREAM_PARTITIONS'>;

/** The streams a service reads and writes, names without STREAM_PREFIX. */
export interface ServiceStreams {
  /**
   * Each stream it consumes and the consumer group that reads it (the Kafka
   * group, or the KCL application and its lease table). Each needs one
   * `@StreamBatch(stream)` handler on a provider of the service.
   */
  consumes?: Readonly<Partial<Record<StreamName, string>>>;
  /** The streams its EventPublisher writes; it refuses any other. */
  publishes?: readonly StreamName[];
}

type ServiceModule = Type | DynamicModule;

export interface ServiceDefinition<S extends z.ZodType<BootSettings>> {
  name: string;
  settings: SettingsSpec<S>;
  /**
   * The service's own module, built from its settings. What it must read
   * before it can start (a model manifest, say) it reads here: a
   * SettingsError it throws stops the process like a bad setting.
   */
  module: (settings: z.output<S>) => ServiceModule | Promise<ServiceModule>;
  /**
   * Adjusts the HTTP application before it initialises, e.g. a body parser
   * with its own size limit (Fastify answers 413 above it).
   */
  configureApp?: (app: NestFastifyApplication, settings: z.output<S>) => void;
}

// Configuration errors are reported and the process exits with EX_CONFIG.
const EXIT_INVALID_SETTINGS = 78;

/**
 * The one way every service starts: validate settings (exit naming every bad
 * one), log JSON with redaction, serve health and metrics on HTTP_PORT,
 * connect the transport and consume and publish the streams named, and stop
 * gracefully on SIGTERM within SHUTDOWN_TIMEOUT_SECONDS.
 */
export function startService<S extends z.ZodType<BootSettings & StreamSettings>>(
  definition: ServiceDefinition<S> & ServiceStreams,
): Promise<NestFastifyApplication>;
export function startService<S extends z.ZodType<BootSettings>>(
  definition: ServiceDefinition<S>,
): Promise<NestFastifyApplication>;
export async function startService(
  definition: ServiceDefinition<z.ZodType<BootSettings>> & ServiceStreams,
): Promise<NestFastifyApplication> {
  const fail = (error: SettingsError): never => {
    createLogger({ service: definition.name }).fatal({ problems: error.problems }, error.message);
    process.exit(EXIT_INVALID_SETTINGS);
  };
  let settings: BootSettings;
  let module: ServiceModule;
  try {
    settings = loadSettings(definition.name, definition.settings);
    module = await definition.module(settings);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    return fail(error);
  }

  const logger = createLogger({ service: definition.name, level: settings.LOG_LEVEL });
  const metrics = createMetricsRegistry(definition.name);
  const streams = hasStreams(definition) ? [streamsModule(definition, settings as BootSettings & StreamSettings)] : [];

  // Global, so any of the service's modules can inject SETTINGS.
  @Global()
  @Module({
    imports: [ObservabilityModule.forRoot({ logger, metrics }), ...streams, module],
    providers: [{ provide: SETTINGS, useValue: settings }],
    exports: [SETTINGS],
  })
  class ServiceRootModule {}

  const app = await NestFactory.create<NestFastifyApplication>(ServiceRootModule, new FastifyAdapter(), {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  definition.configureApp?.(app, settings);

  installGracefulShutdown({
    logger,
    deadlineMs: settings.SHUTDOWN_TIMEOUT_SECONDS * 1_000,
    onSignal: () => {
      app.get(HealthRegistry).markShuttingDown();
    },
    close: () => app.close(),
  });

  // Modules initialise (connections, streams created), then the consumers start, then HTTP listens.
  await app.init();
  await app.listen(settings.HTTP_PORT, settings.HTTP_HOST);
  logger.info({ host: settings.HTTP_HOST, port: settings.HTTP_PORT }, 'service started');
  return app;
}

function hasStreams(streams: ServiceStreams): boolean {
  return streams.consumes !== undefined || streams.publishes !== undefined;
}

/** The service's transport, its consumers and its publisher, as its streams declare. */
function streamsModule(
  definition: { name: string } & ServiceStreams,
  settings: BootSettings & StreamSettings,
): DynamicModule {
  return TransportModule.forRoot({
    streamPrefix: settings.STREAM_PREFIX,
    transport: (deps) => createTransport(settings, { clientId: definition.name, ...deps }),
    createStreamsWithPartitions: settings.CREATE_STREAMS ? settings.STREAM_PARTITIONS : undefined,
    consumption: { consumes: definition.consumes ?? {} },
    publishes: definition.publishes ?? [],
  });
}
