import {
  nonNegativeIntSetting,
  positiveIntSetting,
  sharedRequirements,
  sharedSettingsShape,
  type SettingsSpec,
} from '@fraud/config';
import { COMMITTED_MODEL_MANIFEST_PATH } from '@fraud/model-manifest';
import { redisSettingsShape } from '@fraud/redis';
import { z } from 'zod';

const millisecondsSetting = (max: number) => positiveIntSetting.max(max, `must be at most ${max}`);

export const inferenceSettingsSchema = z.object({
  ...sharedSettingsShape,
  // SageMaker is regional: the client needs a region even with a local endpoint override.
  AWS_REGION: sharedSettingsShape.AWS_REGION.unwrap(),
  ...redisSettingsShape,
  SAGEMAKER_ENDPOINT_NAME: z
    .string()
    .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/, 'must be a SageMaker endpoint name (letters, digits, hyphens)'),
  MODEL_MANIFEST_PATH: z.string().default(COMMITTED_MODEL_MANIFEST_PATH),
  // One InvokeEndpoint carries at most this many rows (SageMaker's payload limit is 6 MB: about 50,000 rows).
  INFERENCE_MAX_BATCH_ROWS: positiveIntSetting.max(10_000, 'must be at most 10000').default(1_000),
  // Rows wait at most this long for others to share their call.
  INFERENCE_MAX_BATCH_WAIT_MS: nonNegativeIntSetting.max(1_000, 'must be at most 1000').default(2),
  INFERENCE_TIMEOUT_MS: millisecondsSetting(60_000).default(1_000),
  INFERENCE_MAX_ATTEMPTS: positiveIntSetting.max(10, 'must be at most 10').default(3),
  INFERENCE_RETRY_INITIAL_MS: millisecondsSetting(10_000).default(25),
  INFERENCE_RETRY_MAX_MS: millisecondsSetting(60_000).default(250),
  INFERENCE_BREAKER_FAILURES: positiveIntSetting.max(1_000, 'must be at most 1000').default(5),
  INFERENCE_BREAKER_HALF_OPEN_AFTER_MS: millisecondsSetting(600_000).default(5_000),
  INFERENCE_MAX_CONCURRENCY: positiveIntSetting.max(256, 'must be at most 256').default(8),
  // Window + allowed lateness + slack: a redelivery later than that is late upstream anyway.
  SCORED_TTL_SECONDS: positiveIntSetting.max(604_800, 'must be at most 604800').default(1_800),
});

export type InferenceSettings = z.output<typeof inferenceSettingsSchema>;

export const inferenceSettings: SettingsSpec<typeof inferenceSettingsSchema> = {
  schema: inferenceSettingsSchema,
  requirements: sharedRequirements,
};
