import { createTransport, TransportModule } from '@fraud/transport';
import { Module, type DynamicModule } from '@nestjs/common';

import { CardModule } from './card/card.module.js';
import { IngestModule } from './ingest/ingest.module.js';
import type { ProducerSettings } from './settings/producer-settings.js';
import type { SimulateOptions } from './simulate/simulate-options.js';
import { SimulationModule } from './simulate/simulation.module.js';

/** The producer: always the ingest API; the simulator too when started with `simulate`. */
@Module({})
export class ProducerModule {
  static forRoot(settings: ProducerSettings, simulation: SimulateOptions | undefined): DynamicModule {
    return {
      module: ProducerModule,
      imports: [
        TransportModule.forRoot({
          streamPrefix: settings.STREAM_PREFIX,
          transport: (deps) => createTransport(settings, { clientId: 'producer', ...deps }),
          createStreamsWithPartitions: settings.CREATE_STREAMS ? settings.STREAM_PARTITIONS : undefined,
        }),
        CardModule,
        IngestModule,
        ...(simulation === undefined ? [] : [SimulationModule.forOptions(simulation)]),
      ],
    };
  }
}
