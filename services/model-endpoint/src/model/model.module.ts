import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';

import type { OnnxScorer } from './onnx-scorer.js';
import { SCORER } from './scorer.js';

/** The loaded model for injection as SCORER anywhere in the service; released when the service stops. */
@Module({})
export class ModelModule implements OnApplicationShutdown {
  constructor(@Inject(SCORER) private readonly scorer: OnnxScorer) {}

  static forScorer(scorer: OnnxScorer): DynamicModule {
    return {
      module: ModelModule,
      global: true,
      providers: [{ provide: SCORER, useValue: scorer }],
      exports: [SCORER],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scorer.release();
  }
}
