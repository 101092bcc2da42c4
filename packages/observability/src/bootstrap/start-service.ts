import 'reflect-metadata';

import { Global, Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadSettings, SettingsError, type SettingsSpec, type SharedSettings } from '@fraud/config';
import type { z } from 'zod';

import { createLogger } from '../logging/create-logger.js';
import { NestPinoLogger } from '../logging/nest-logger.js';
import { createMetricsRegistry } from '../metrics/create-metrics-registry.js';
import { HealthRegistry } from '../health/health-registry.js';
import { ObservabilityModule } from '../observability.module.js';
import { installGracefulShutdown } from '../shutdown/graceful-shutdown.js';

/** Injection token of the service's validated settings. */
export const SETTINGS = Symbol('SETTINGS');

/** The settings startService itself reads; every service schema includes them via sharedSettingsShape. */
type BootSettings = Pick<SharedSettings, 'HTTP_PORT' | 'HTTP_HOST' | 'LOG_LEVEL' | 'SHUTDOWN_TIMEOUT_SECONDS'>;

export interface ServiceDefinition<S extends z.ZodType<BootSettings>> {
  name: string;
  settings: SettingsSpec<S>;
  /** The service's own module, built from its settings. */
  module: (settings: z.output<S>) => Type | DynamicModule;
  /**
   * Adjusts the HTTP application before it initialises, e.g. a body parser
   * with its own size limit (Fastify answers 413 above it).
   */
  configureApp?: (app: NestFastifyApplication, settings: z.output<S>) => void;
  /**
   * Attaches and starts stream consumers (e.g. `connectStreamServer` from
   * @fraud/transport) once the application is built, before HTTP listens.
   * Nest closes them on shutdown before `onApplicationShutdown` hooks run.
   */
  connectMicroservices?: (app: INestApplication, settings: z.output<S>) => Promise<void>;
}

// Configuration errors are reported and the process exits with EX_CONFIG.
const EXIT_INVALID_SETTINGS = 78;

/**
 * The one way every service starts: validate settings (exit naming every bad
 * one), log JSON with redaction, serve health and metrics on HTTP_PORT, and
 * stop gracefully on SIGTERM within SHUTDOWN_TIMEOUT_SECONDS.
 */
export async function startService<S extends z.ZodType<BootSettings>>(
  definition: ServiceDefinition<S>,
): Promise<NestFastifyApplication> {
  let settings: z.output<S>;
  try {
    settings = loadSettings(definition.name, definition.settings);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    createLogger({ service: definition.name }).fatal({ problems: error.problems }, error.message);
    process.exit(EXIT_INVALID_SETTINGS);
  }

  const logger = createLogger({ service: definition.name, level: settings.LOG_LEVEL });
  const metrics = createMetricsRegistry(definition.name);

  // Global, so any of the service's modules can inject SETTINGS.
  @Global()
  @Module({
    imports: [ObservabilityModule.forRoot({ logger, metrics }), definition.module(settings)],
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

  // Modules initialise first (connections, streams created), then the consumers start.
  await app.init();
  await definition.connectMicroservices?.(app, settings);
  await app.listen(settings.HTTP_PORT, settings.HTTP_HOST);
  logger.info({ host: settings.HTTP_HOST, port: settings.HTTP_PORT }, 'service started');
  return app;
}
