import { loadFeatureLibrary } from '@fraud/features';
import { RedisModule } from '@fraud/redis';
import { createTransport, TransportModule } from '@fraud/transport';
import { Module, type DynamicModule } from '@nestjs/common';

import { FeatureMetrics } from './features/feature-metrics.js';
import { FraudConfirmationsController } from './features/fraud-confirmations.controller.js';
import { TransactionBatchHooks } from './features/transaction-batch-hooks.js';
import { TransactionFeaturesController } from './features/transaction-features.controller.js';
import { windowStoreProvider } from './features/window-store.provider.js';
import type { FeatureEngineSettings } from './settings/feature-engine-settings.js';

@Module({})
export class FeatureEngineModule {
  static forRoot(settings: FeatureEngineSettings): DynamicModule {
    return {
      module: FeatureEngineModule,
      imports: [
        TransportModule.forRoot({
          streamPrefix: settings.STREAM_PREFIX,
          transport: (deps) => createTransport(settings, { clientId: 'feature-engine', ...deps }),
          createStreamsWithPartitions: settings.CREATE_STREAMS ? settings.STREAM_PARTITIONS : undefined,
        }),
        RedisModule.forRoot({
          connections: settings.FEATURE_REDIS_CONNECTIONS,
          onReady: async (redis, logger) => {
            const outcome = await loadFeatureLibrary(redis);
            logger.info({ library: outcome }, 'redis feature library ready');
          },
        }),
      ],
      controllers: [TransactionFeaturesController, FraudConfirmationsController],
      providers: [windowStoreProvider, FeatureMetrics, TransactionBatchHooks],
    };
  }
}
