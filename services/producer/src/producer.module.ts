import { Module, type DynamicModule } from '@nestjs/common';

import { CardModule } from './card/card.module.js';
import { IngestModule } from './ingest/ingest.module.js';
import type { SimulateOptions } from './simulate/simulate-options.js';
import { SimulationModule } from './simulate/simulation.module.js';

/** The producer: always the ingest API; the simulator too when started with `simulate`. */
@Module({})
export class ProducerModule {
  static forRoot(simulation: SimulateOptions | undefined): DynamicModule {
    return {
      module: ProducerModule,
      imports: [
        CardModule,
        IngestModule,
        ...(simulation === undefined ? [] : [SimulationModule.forOptions(simulation)]),
      ],
    };
  }
}
