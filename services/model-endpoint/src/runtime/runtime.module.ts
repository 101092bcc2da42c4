import { Module } from '@nestjs/common';

import { HostingModule } from '../hosting/hosting.module.js';
import { RuntimeController } from './runtime.controller.js';
import { RuntimeErrorFilter } from './runtime-error.filter.js';

/** The SageMaker runtime API's InvokeEndpoint, in front of the same invocations, for local runs. */
@Module({
  imports: [HostingModule],
  controllers: [RuntimeController],
  providers: [RuntimeErrorFilter],
})
export class RuntimeModule {}
