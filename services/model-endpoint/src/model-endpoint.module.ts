import { Module, type DynamicModule } from '@nestjs/common';

import { HostingModule } from './hosting/hosting.module.js';
import { ModelModule } from './model/model.module.js';
import type { OnnxScorer } from './model/onnx-scorer.js';
import { RuntimeModule } from './runtime/runtime.module.js';

/**
 * The model endpoint: the ONNX model behind SageMaker's container contract
 * (`/ping`, `/invocations`), and behind the runtime API's InvokeEndpoint
 * route for clients that use the AWS SDK locally.
 */
@Module({})
export class ModelEndpointModule {
  static forScorer(scorer: OnnxScorer): DynamicModule {
    return {
      module: ModelEndpointModule,
      imports: [ModelModule.forScorer(scorer), HostingModule, RuntimeModule],
    };
  }
}
