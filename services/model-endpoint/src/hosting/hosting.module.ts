import { Module } from '@nestjs/common';

import { InvocationMetrics } from './invocation-metrics.js';
import { InvocationService } from './invocation.service.js';
import { InvocationsController } from './invocations.controller.js';
import { PingController } from './ping.controller.js';

/** SageMaker's hosting contract for a container: `GET /ping` and `POST /invocations`. */
@Module({
  controllers: [PingController, InvocationsController],
  providers: [InvocationMetrics, InvocationService],
  exports: [InvocationService],
})
export class HostingModule {}
