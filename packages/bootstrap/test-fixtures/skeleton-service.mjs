// A service with nothing but the shared basics, started the way every real
// service starts: used by tests of settings validation, health, metrics,
// redacted logging and graceful shutdown. Plain JavaScript, decorators applied
// as functions, so it runs from the built packages without a compile step.
import { Controller, Get, Inject, Module } from '@nestjs/common';
import { sharedRequirements, sharedSettingsShape } from '@fraud/config';
import { startService } from '@fraud/bootstrap';
import { HealthRegistry, LOGGER } from '@fraud/observability';
import { z } from 'zod';

class SkeletonController {
  constructor(logger) {
    this.logger = logger;
  }

  echo() {
    // Logs card data on purpose: the output must show none of it.
    this.logger.info({ request: { pan: '4111111111111111', cvv: '123' } }, 'card 4111 1111 1111 1111 seen');
    return { ok: true };
  }
}
Inject(LOGGER)(SkeletonController, undefined, 0);
Get('echo')(
  SkeletonController.prototype,
  'echo',
  Object.getOwnPropertyDescriptor(SkeletonController.prototype, 'echo'),
);
Controller('skeleton')(SkeletonController);

class SkeletonReadiness {
  constructor(health) {
    health.register('dependency', async () => {
      if (process.env.SKELETON_DEPENDENCY_DOWN === 'true') throw new Error('dependency unreachable');
    });
  }

  // Simulates draining in-flight work on shutdown.
  async beforeApplicationShutdown() {
    const ms = Number(process.env.SKELETON_DRAIN_MS ?? '0');
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}
Inject(HealthRegistry)(SkeletonReadiness, undefined, 0);

class SkeletonModule {}
Module({ controllers: [SkeletonController], providers: [SkeletonReadiness] })(SkeletonModule);

await startService({
  name: 'skeleton',
  settings: { schema: z.object(sharedSettingsShape), requirements: sharedRequirements },
  module: () => SkeletonModule,
});
