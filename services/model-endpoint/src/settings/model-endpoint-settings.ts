import { fileURLToPath } from 'node:url';

import { positiveIntSetting, sharedSettingsShape, type SettingsSpec } from '@fraud/config';
import { COMMITTED_MODEL_MANIFEST_PATH } from '@fraud/model-manifest';
import { z } from 'zod';

/** The committed model (model/artifacts/), relative to this file in dist/settings/ or src/settings/. */
const COMMITTED_MODEL = new URL('../../../../model/artifacts/model.onnx', import.meta.url);

/** SageMaker's limit on an InvokeEndpoint request body: 6 MB. */
const SAGEMAKER_MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

export const modelEndpointSettingsSchema = z.object({
  // No stream transport here: only what startService reads.
  HTTP_PORT: sharedSettingsShape.HTTP_PORT,
  HTTP_HOST: sharedSettingsShape.HTTP_HOST,
  LOG_LEVEL: sharedSettingsShape.LOG_LEVEL,
  SHUTDOWN_TIMEOUT_SECONDS: sharedSettingsShape.SHUTDOWN_TIMEOUT_SECONDS,
  // The name InvokeEndpoint must use on POST /endpoints/{name}/invocations; SageMaker's own naming rule.
  SAGEMAKER_ENDPOINT_NAME: z
    .string()
    .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/, 'must be a SageMaker endpoint name (letters, digits, hyphens)')
    .default('fraud-model'),
  MODEL_PATH: z.string().default(fileURLToPath(COMMITTED_MODEL)),
  MODEL_MANIFEST_PATH: z.string().default(COMMITTED_MODEL_MANIFEST_PATH),
  INVOCATION_MAX_ROWS: positiveIntSetting.max(1_000_000, 'must be at most 1000000').default(10_000),
  INVOCATION_MAX_BODY_BYTES: positiveIntSetting
    .max(104_857_600, 'must be at most 104857600')
    .default(SAGEMAKER_MAX_PAYLOAD_BYTES),
});

export type ModelEndpointSettings = z.output<typeof modelEndpointSettingsSchema>;

export const modelEndpointSettings: SettingsSpec<typeof modelEndpointSettingsSchema> = {
  schema: modelEndpointSettingsSchema,
};
