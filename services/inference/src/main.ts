import 'reflect-metadata';

import { loadSettings, SettingsError } from '@fraud/config';
import { createLogger, startService } from '@fraud/observability';
import { connectStreamServer } from '@fraud/transport';

import { ScoreBatchHooks } from './consumption/score-batch-hooks.js';
import { InferenceModule } from './inference.module.js';
import { loadModelManifest } from './model/load-model-manifest.js';
import { inferenceSettings } from './settings/inference-settings.js';

const SERVICE = 'inference';
// sysexits EX_CONFIG, as startService exits for bad settings.
const EXIT_INVALID_SETTINGS = 78;

try {
  // The manifest is read before the application is built: without the feature
  // order and thresholds nothing can be scored, so it stops the process like a bad setting.
  const settings = loadSettings(SERVICE, inferenceSettings);
  const manifest = await loadModelManifest(SERVICE, settings.MODEL_MANIFEST_PATH);
  await startService({
    name: SERVICE,
    settings: inferenceSettings,
    module: (loaded) => InferenceModule.forRoot(loaded, manifest),
    connectMicroservices: async (app) => {
      connectStreamServer(app, {
        group: SERVICE,
        batchHooks: { 'transaction-features': app.get(ScoreBatchHooks) },
      });
      await app.startAllMicroservices();
    },
  });
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  createLogger({ service: SERVICE }).fatal({ problems: error.problems }, error.message);
  process.exit(EXIT_INVALID_SETTINGS);
}
