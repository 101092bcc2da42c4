import 'reflect-metadata';

import { startService } from '@fraud/observability';
import { connectStreamServer } from '@fraud/transport';

import { FeatureEngineModule } from './feature-engine.module.js';
import { TransactionBatchHooks } from './features/transaction-batch-hooks.js';
import { featureEngineSettings } from './settings/feature-engine-settings.js';

await startService({
  name: 'feature-engine',
  settings: featureEngineSettings,
  module: (settings) => FeatureEngineModule.forRoot(settings),
  connectMicroservices: async (app, settings) => {
    connectStreamServer(app, {
      group: 'feature-engine',
      // A second stream gets its own group (and KCL lease table): docs/window-features.md.
      groups: { 'fraud-confirmations': 'feature-engine-confirmations' },
      pipeline: { maxInFlight: settings.FEATURE_MAX_IN_FLIGHT },
      batchHooks: { transactions: app.get(TransactionBatchHooks) },
    });
    await app.startAllMicroservices();
  },
});
