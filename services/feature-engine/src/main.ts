import 'reflect-metadata';

import { startService } from '@fraud/bootstrap';

import { FeatureEngineModule } from './feature-engine.module.js';
import { featureEngineSettings } from './settings/feature-engine-settings.js';

await startService({
  name: 'feature-engine',
  settings: featureEngineSettings,
  consumes: {
    transactions: 'feature-engine',
    // A second stream needs a group of its own (a KCL application follows one stream): docs/window-features.md.
    'fraud-confirmations': 'feature-engine-confirmations',
  },
  publishes: ['transaction-features'],
  module: (settings) => FeatureEngineModule.forRoot(settings),
});
