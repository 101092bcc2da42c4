import type { Provider } from '@nestjs/common';

import { SCORING_ENDPOINT } from '../inference.tokens.js';
import type { InferenceSettings } from '../settings/inference-settings.js';
import { createSageMakerClient } from './sagemaker-client.js';
import { SageMakerEndpoint } from './sagemaker-endpoint.js';

/** The SageMaker endpoint the settings name, as the service's ScoringEndpoint. */
export function sageMakerEndpointProvider(settings: InferenceSettings): Provider {
  return {
    provide: SCORING_ENDPOINT,
    useFactory: () => new SageMakerEndpoint(createSageMakerClient(settings), settings.SAGEMAKER_ENDPOINT_NAME),
  };
}
