import { fileURLToPath } from 'node:url';

import type { StreamNames } from '@fraud/contracts';
import { serviceEnvironment } from '@fraud/testing';

import { TEST_ENDPOINT_NAME } from '../../../model-endpoint/src/test-support/model-endpoint-env.js';

export const INFERENCE_ENTRY = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/**
 * The service's environment on the test stack, calling the endpoint at
 * `endpointUrl` (the model endpoint, or a proxy in front of it) through the
 * SDK, as in AWS with only SAGEMAKER_RUNTIME_ENDPOINT set. It creates no
 * streams: the test creates those it uses (inferenceStreams).
 */
export function inferenceEnv(
  infraEnv: Record<string, string>,
  transport: 'kafka' | 'kinesis',
  streamPrefix: string,
  endpointUrl: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return serviceEnvironment(infraEnv, transport, streamPrefix, {
    CREATE_STREAMS: 'false',
    SAGEMAKER_RUNTIME_ENDPOINT: endpointUrl,
    SAGEMAKER_ENDPOINT_NAME: TEST_ENDPOINT_NAME,
    LOG_LEVEL: 'warn',
    ...extra,
  });
}

/** The streams the service reads and writes: its input, its output, and the input's dead letters. */
export function inferenceStreams(names: StreamNames): string[] {
  return [names.transactionFeatures, names.fraudScores, names.deadLetter('transaction-features')];
}
