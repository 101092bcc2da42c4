import { loadFeatureLibrary } from '@fraud/features';
import { RedisModule } from '@fraud/redis';
import { Module, type DynamicModule } from '@nestjs/common';

import { MerchantFeedbackConsumer } from './consumers/fraud-confirmations.consumer.js';
import { TransactionWindowsConsumer } from './consumers/transactions.consumer.js';
import { FeatureMetrics } from './features/feature-metrics.js';
import { onlineWindowsProvider, windowStoreProvider } from './features/window-store.provider.js';
import type { FeatureEngineSettings } from './settings/feature-engine-settings.js';

/** The feature engine: window state in Redis, one consumer per stream it reads. */
@Module({})
export class FeatureEngineModule {
  static forRoot(settings: FeatureEngineSettings): DynamicModule {
    return {
      module: FeatureEngineModule,
      imports: [
        RedisModule.forRoot({
          connections: settings.FEATURE_REDIS_CONNECTIONS,
          onReady: async (redis, logger) => {
            const outcome = await loadFeatureLibrary(redis);
            logger.info({ library: outcome }, 'redis feature library ready');
          },
        }),
      ],
      providers: [
        windowStoreProvider,
        onlineWindowsProvider,
        FeatureMetrics,
        TransactionWindowsConsumer,
        MerchantFeedbackConsumer,
      ],
    };
  }
}
