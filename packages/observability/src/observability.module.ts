import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';

import { HealthController } from './health/health.controller.js';
import { HealthRegistry } from './health/health-registry.js';
import { MetricsController } from './metrics/metrics.controller.js';

/** Injection token of the service's pino logger. */
export const LOGGER = Symbol('LOGGER');

export interface ObservabilityOptions {
  logger: Logger;
  metrics: Registry;
}

/** `/health/live`, `/health/ready`, `/metrics`, and the logger and metrics registry for injection. */
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        HealthRegistry,
        { provide: LOGGER, useValue: options.logger },
        { provide: Registry, useValue: options.metrics },
      ],
      exports: [HealthRegistry, LOGGER, Registry],
    };
  }
}
