import { loadSettings, SettingsError } from '@fraud/config';
import { describe, expect, it } from 'vitest';

import { COMMITTED_MANIFEST_PATH, COMMITTED_MODEL_PATH } from '../test-support/model-endpoint-env.js';
import { modelEndpointSettings } from './model-endpoint-settings.js';

describe('model endpoint settings', () => {
  it('default to the committed model on loopback port 8080, with SageMaker’s 6 MB payload limit', () => {
    expect(loadSettings('model-endpoint', modelEndpointSettings, {})).toEqual({
      HTTP_PORT: 8080,
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_SECONDS: 25,
      SAGEMAKER_ENDPOINT_NAME: 'fraud-model',
      MODEL_PATH: COMMITTED_MODEL_PATH,
      MODEL_MANIFEST_PATH: COMMITTED_MANIFEST_PATH,
      INVOCATION_MAX_ROWS: 10_000,
      INVOCATION_MAX_BODY_BYTES: 6_291_456,
    });
  });

  it("take a SageMaker container's port and address, and need no stream transport", () => {
    const settings = loadSettings('model-endpoint', modelEndpointSettings, { HTTP_PORT: '8080', HTTP_HOST: '0.0.0.0' });
    expect([settings.HTTP_PORT, settings.HTTP_HOST]).toEqual([8080, '0.0.0.0']);
  });

  it('name every invalid setting', () => {
    let error: unknown;
    try {
      loadSettings('model-endpoint', modelEndpointSettings, {
        SAGEMAKER_ENDPOINT_NAME: '-leading-hyphen',
        INVOCATION_MAX_ROWS: '2.5',
        INVOCATION_MAX_BODY_BYTES: '1000000000',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).problems).toEqual([
      {
        variable: 'SAGEMAKER_ENDPOINT_NAME',
        problem: 'is invalid (must be a SageMaker endpoint name (letters, digits, hyphens))',
      },
      { variable: 'INVOCATION_MAX_ROWS', problem: 'is invalid (must be a positive integer)' },
      { variable: 'INVOCATION_MAX_BODY_BYTES', problem: 'is invalid (must be at most 104857600)' },
    ]);
  });
});
