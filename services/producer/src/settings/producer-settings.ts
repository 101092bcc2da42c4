import {
  listSetting,
  positiveIntSetting,
  sharedRequirements,
  sharedSettingsShape,
  type SettingsSpec,
} from '@fraud/config';
import { z } from 'zod';

/** Shortest HMAC key accepted: 256 bits of a random hex or base64 string. */
export const MIN_PAN_HMAC_KEY_LENGTH = 32;
/** Shortest ingest API key accepted, so a guessable key cannot be configured by mistake. */
export const MIN_INGEST_API_KEY_LENGTH = 16;

export const producerSettingsSchema = z.object({
  ...sharedSettingsShape,
  // In ECS the task definition injects it from Secrets Manager; never logged.
  PAN_HMAC_KEY: z
    .string()
    .min(MIN_PAN_HMAC_KEY_LENGTH, `must be at least ${MIN_PAN_HMAC_KEY_LENGTH} characters (a random secret)`),
  INGEST_API_KEYS: listSetting.refine(
    (keys) => keys.every((key) => key.length >= MIN_INGEST_API_KEY_LENGTH),
    `every key must be at least ${MIN_INGEST_API_KEY_LENGTH} characters`,
  ),
  // 1 MiB holds a full batch of 500 transactions with room to spare.
  INGEST_MAX_BODY_BYTES: positiveIntSetting.max(10_485_760, 'must be at most 10485760').default(1_048_576),
  // A client waiting on a stalled broker gets 503 and retries with the same transactionIds.
  INGEST_PUBLISH_TIMEOUT_MS: positiveIntSetting.max(60_000, 'must be at most 60000').default(5_000),
});

export type ProducerSettings = z.output<typeof producerSettingsSchema>;

export const producerSettings: SettingsSpec<typeof producerSettingsSchema> = {
  schema: producerSettingsSchema,
  requirements: sharedRequirements,
};
