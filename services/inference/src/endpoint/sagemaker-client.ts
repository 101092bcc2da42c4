import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';

import type { InferenceSettings } from '../settings/inference-settings.js';

/**
 * The SageMaker runtime client: credentials and region from the default
 * chain and settings, as in AWS; locally only the endpoint differs
 * (SAGEMAKER_RUNTIME_ENDPOINT). The SDK's own retries are off: the service's
 * retry policy is the one that retries, so attempts do not multiply.
 */
export function createSageMakerClient(
  settings: Pick<InferenceSettings, 'AWS_REGION' | 'SAGEMAKER_RUNTIME_ENDPOINT' | 'INFERENCE_MAX_CONCURRENCY'>,
): SageMakerRuntimeClient {
  return new SageMakerRuntimeClient({
    region: settings.AWS_REGION,
    ...(settings.SAGEMAKER_RUNTIME_ENDPOINT === undefined ? {} : { endpoint: settings.SAGEMAKER_RUNTIME_ENDPOINT }),
    maxAttempts: 1,
    // One kept-alive connection per concurrent call.
    requestHandler: {
      httpAgent: { keepAlive: true, maxSockets: settings.INFERENCE_MAX_CONCURRENCY },
      httpsAgent: { keepAlive: true, maxSockets: settings.INFERENCE_MAX_CONCURRENCY },
    },
  });
}
