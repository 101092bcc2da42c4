import 'reflect-metadata';

import { startService } from '@fraud/bootstrap';

import { AlertingModule } from './alerting.module.js';
import { alertingSettings } from './settings/alerting-settings.js';
import { loadModelThresholds } from './settings/load-model-thresholds.js';

await startService({
  name: 'alerting',
  settings: alertingSettings,
  consumes: { 'fraud-scores': 'alerting' },
  publishes: ['fraud-alerts'],
  // A manifest whose thresholds cannot be read stops the process like any bad setting.
  module: async (settings) =>
    AlertingModule.forRoot(await loadModelThresholds('alerting', settings.MODEL_MANIFEST_PATH)),
});
