import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';

import { HealthRegistry, type Readiness } from './health-registry.js';

@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  /** Liveness: the process and its event loop answer. Restart the task only when this fails. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: every registered dependency answers; 503 with the failing checks otherwise. */
  @Get('ready')
  async ready(): Promise<Readiness & { status: 'ok' }> {
    const readiness = await this.registry.readiness();
    if (!readiness.ready) throw new ServiceUnavailableException({ status: 'unavailable', ...readiness });
    return { status: 'ok', ...readiness };
  }

  /** The same answer as readiness, for load balancers configured with a single path. */
  @Get()
  health(): Promise<Readiness & { status: 'ok' }> {
    return this.ready();
  }
}
