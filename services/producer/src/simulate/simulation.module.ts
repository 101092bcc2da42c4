import { Module, type DynamicModule } from '@nestjs/common';

import type { SimulateOptions } from './simulate-options.js';
import { SIMULATE_OPTIONS, SimulationRunner } from './simulation-runner.js';

/** The `simulate` mode: present only when the producer was started with `simulate`. */
@Module({})
export class SimulationModule {
  static forOptions(options: SimulateOptions): DynamicModule {
    return {
      module: SimulationModule,
      providers: [{ provide: SIMULATE_OPTIONS, useValue: options }, SimulationRunner],
      exports: [SimulationRunner],
    };
  }
}
