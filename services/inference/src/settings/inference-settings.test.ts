import { fileURLToPath } from 'node:url';

import { loadSettings, SettingsError } from '@fraud/config';
import { describe, expect, it } from 'vitest';

import { inferenceSettings } from './inference-settings.js';

const REQUIRED = {
  TRANSPORT: 'kafka',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AWS_REGION: 'eu-west-1',
  REDIS_URL: 'redis://127.0.0.1:6379',
  SAGEMAKER_ENDPOINT_NAME: 'fraud-model',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadSettings('inference', inferenceSettings, env);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems.map((p) => `${p.variable} ${p.problem}`);
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('inference settings', () => {
  it('applies the documented defaults, the manifest being the committed one', () => {
    const settings = loadSettings('inference', inferenceSettings, REQUIRED);

    expect({
      MODEL_MANIFEST_PATH: settings.MODEL_MANIFEST_PATH,
      INFERENCE_MAX_BATCH_ROWS: settings.INFERENCE_MAX_BATCH_ROWS,
      INFERENCE_MAX_BATCH_WAIT_MS: settings.INFERENCE_MAX_BATCH_WAIT_MS,
      INFERENCE_TIMEOUT_MS: settings.INFERENCE_TIMEOUT_MS,
      INFERENCE_MAX_ATTEMPTS: settings.INFERENCE_MAX_ATTEMPTS,
      INFERENCE_RETRY_INITIAL_MS: settings.INFERENCE_RETRY_INITIAL_MS,
      INFERENCE_RETRY_MAX_MS: settings.INFERENCE_RETRY_MAX_MS,
      INFERENCE_BREAKER_FAILURES: settings.INFERENCE_BREAKER_FAILURES,
      INFERENCE_BREAKER_HALF_OPEN_AFTER_MS: settings.INFERENCE_BREAKER_HALF_OPEN_AFTER_MS,
      INFERENCE_MAX_CONCURRENCY: settings.INFERENCE_MAX_CONCURRENCY,
      SCORED_TTL_SECONDS: settings.SCORED_TTL_SECONDS,
      SAGEMAKER_RUNTIME_ENDPOINT: settings.SAGEMAKER_RUNTIME_ENDPOINT,
    }).toEqual({
      MODEL_MANIFEST_PATH: fileURLToPath(new URL('../../../../model/artifacts/model-manifest.json', import.meta.url)),
      INFERENCE_MAX_BATCH_ROWS: 1000,
      INFERENCE_MAX_BATCH_WAIT_MS: 2,
      INFERENCE_TIMEOUT_MS: 1000,
      INFERENCE_MAX_ATTEMPTS: 3,
      INFERENCE_RETRY_INITIAL_MS: 25,
      INFERENCE_RETRY_MAX_MS: 250,
      INFERENCE_BREAKER_FAILURES: 5,
      INFERENCE_BREAKER_HALF_OPEN_AFTER_MS: 5000,
      INFERENCE_MAX_CONCURRENCY: 8,
      SCORED_TTL_SECONDS: 1800,
      SAGEMAKER_RUNTIME_ENDPOINT: undefined,
    });
  });

  it('names every missing and invalid setting at once', () => {
    expect(
      problemsOf({
        TRANSPORT: 'kafka',
        KAFKA_BROKERS: '127.0.0.1:9092',
        SAGEMAKER_ENDPOINT_NAME: 'fraud_model',
        INFERENCE_MAX_BATCH_ROWS: '0',
        INFERENCE_TIMEOUT_MS: 'soon',
        SAGEMAKER_RUNTIME_ENDPOINT: 'not a url',
      }),
    ).toEqual([
      'AWS_REGION is required',
      'SAGEMAKER_RUNTIME_ENDPOINT is invalid (must be a URL)',
      'REDIS_URL is required',
      'SAGEMAKER_ENDPOINT_NAME is invalid (must be a SageMaker endpoint name (letters, digits, hyphens))',
      'INFERENCE_MAX_BATCH_ROWS is invalid (must be a positive integer)',
      'INFERENCE_TIMEOUT_MS is invalid (must be a positive integer)',
    ]);
  });
});
