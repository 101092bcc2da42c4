import { describe, expect, it } from 'vitest';

import { deployOptionsFrom } from '../src/app/deploy-options.js';
import { stackNameFor } from '../src/app/fraud-detection-app.js';

function optionsOf(context: Record<string, unknown>): ReturnType<typeof deployOptionsFrom> {
  return deployOptionsFrom((key) => context[key]);
}

describe('deployOptionsFrom', () => {
  it('deploys Kinesis with the built-in XGBoost image, no e-mail and no prefix by default', () => {
    expect(optionsOf({})).toEqual({
      transport: 'kinesis',
      mskCluster: 'serverless',
      model: 'builtin',
      alertEmail: undefined,
      streamPrefix: '',
      partitions: 4,
      modelInstanceType: 'ml.m5.large',
    });
  });

  it('reads every option from `-c key=value` strings', () => {
    expect(
      optionsOf({
        transport: 'msk',
        mskCluster: 'provisioned',
        model: 'byoc',
        alertEmail: 'ops@example.com',
        streamPrefix: 'team-a.',
        partitions: '12',
        modelInstanceType: 'ml.c7i.large',
      }),
    ).toEqual({
      transport: 'msk',
      mskCluster: 'provisioned',
      model: 'byoc',
      alertEmail: 'ops@example.com',
      streamPrefix: 'team-a.',
      partitions: 12,
      modelInstanceType: 'ml.c7i.large',
    });
  });

  it('names every invalid option in one error', () => {
    expect(() =>
      optionsOf({ transport: 'kafka', model: 'onnx', alertEmail: 'nobody', streamPrefix: 'a/b', partitions: '0' }),
    ).toThrow(
      'invalid deployment options: partitions must be an integer from 1 to 64 (got "0"); transport must be \'kinesis\' or \'msk\' (got "kafka"); model must be \'builtin\' or \'byoc\' (got "onnx"); alertEmail must be an e-mail address (got "nobody"); streamPrefix may hold only letters, digits, dot, underscore and hyphen (got "a/b")',
    );
  });

  it('names the stack after the transport, so both can be deployed side by side', () => {
    expect(stackNameFor(optionsOf({}))).toBe('FraudDetection-Kinesis');
    expect(stackNameFor(optionsOf({ transport: 'msk' }))).toBe('FraudDetection-Msk');
  });
});
