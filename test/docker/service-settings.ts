import type { SettingsSpec } from '@fraud/config';
import type { z } from 'zod';

import { alertingSettings } from '../../services/alerting/src/settings/alerting-settings.js';
import { featureEngineSettings } from '../../services/feature-engine/src/settings/feature-engine-settings.js';
import { inferenceSettings } from '../../services/inference/src/settings/inference-settings.js';
import { modelEndpointSettings } from '../../services/model-endpoint/src/settings/model-endpoint-settings.js';
import { producerSettings } from '../../services/producer/src/settings/producer-settings.js';

/** Each service's settings, as its main.ts loads them, by the service's directory name. */
export const SERVICE_SETTINGS: Record<string, SettingsSpec<z.ZodObject<Record<string, z.ZodType>>>> = {
  producer: producerSettings,
  'feature-engine': featureEngineSettings,
  'model-endpoint': modelEndpointSettings,
  inference: inferenceSettings,
  alerting: alertingSettings,
};
