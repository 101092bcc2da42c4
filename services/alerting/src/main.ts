import 'reflect-metadata';

import { loadSettings, SettingsError } from '@fraud/config';
import { createLogger, startService } from '@fraud/observability';
import { connectStreamServer } from '@fraud/transport';

import { FraudScoreBatchHooks } from './alerts/fraud-score-batch-hooks.js';
import { AlertingModule } from './alerting.module.js';
import { alertingSettings } from './settings/alerting-settings.js';
import { loadModelThresholds } from './settings/load-model-thresholds.js';

const SERVICE = 'alerting';
// sysexits EX_CONFIG, as startService exits on bad settings.
const EXIT_INVALID_SETTINGS = 78;

try {
  // The thresholds load before the application is built: a manifest that
  // cannot be read stops the process like any bad setting.
  const { MODEL_MANIFEST_PATH } = loadSettings(SERVICE, alertingSettings);
  const thresholds = await loadModelThresholds(SERVICE, MODEL_MANIFEST_PATH);
  await startService({
    name: SERVICE,
    settings: alertingSettings,
    module: (settings) => AlertingModule.forRoot(settings, thresholds),
    connectMicroservices: async (app) => {
      connectStreamServer(app, { group: SERVICE, batchHooks: { 'fraud-scores': app.get(FraudScoreBatchHooks) } });
      await app.startAllMicroservices();
    },
  });
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  createLogger({ service: SERVICE }).fatal({ problems: error.problems }, error.message);
  process.exit(EXIT_INVALID_SETTINGS);
}
