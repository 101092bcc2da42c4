import 'reflect-metadata';

import { startService } from '@fraud/bootstrap';

import { InferenceModule } from './inference.module.js';
import { loadModelManifest } from './model/load-model-manifest.js';
import { inferenceSettings } from './settings/inference-settings.js';

await startService({
  name: 'inference',
  settings: inferenceSettings,
  consumes: { 'transaction-features': 'inference' },
  publishes: ['fraud-scores'],
  // Without the manifest's feature order and thresholds nothing can be scored: it stops the process like a bad setting.
  module: async (settings) =>
    InferenceModule.forRoot(settings, await loadModelManifest('inference', settings.MODEL_MANIFEST_PATH)),
});
