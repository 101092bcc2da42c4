import { sharedSettingsShape, type SettingsSpec } from '@fraud/config';
import { z } from 'zod';

import { producerSettingsSchema } from './producer-settings.js';

/** `simulate --out DIR` writes files only: it needs the tokenisation key, not the transport. */
export const exportSettingsSchema = z.object({
  PAN_HMAC_KEY: producerSettingsSchema.shape.PAN_HMAC_KEY,
  LOG_LEVEL: sharedSettingsShape.LOG_LEVEL,
});

export const exportSettings: SettingsSpec<typeof exportSettingsSchema> = { schema: exportSettingsSchema };
