import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fatalLine, runServiceToExit } from '@fraud/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { INFERENCE_ENTRY } from './test-support/inference-env.js';

const VALID = {
  PATH: process.env.PATH ?? '',
  TRANSPORT: 'kafka',
  KAFKA_BROKERS: '127.0.0.1:9',
  AWS_REGION: 'eu-west-1',
  REDIS_URL: 'redis://127.0.0.1:9',
  SAGEMAKER_ENDPOINT_NAME: 'fraud-model',
};

describe('the inference service at start', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'inference-main-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stops (exit 78) naming every missing setting in one message', async () => {
    const run = await runServiceToExit({
      entry: INFERENCE_ENTRY,
      env: { PATH: VALID.PATH, TRANSPORT: 'kafka', INFERENCE_MAX_BATCH_WAIT_MS: '-1' },
    });

    expect(run.code).toBe(78);
    expect(fatalLine(run.stdout)).toEqual(
      expect.objectContaining({
        msg:
          'inference: cannot start, 5 invalid settings: AWS_REGION is required; REDIS_URL is required; ' +
          'SAGEMAKER_ENDPOINT_NAME is required; INFERENCE_MAX_BATCH_WAIT_MS is invalid (must be an integer >= 0); ' +
          'KAFKA_BROKERS is required when TRANSPORT=kafka',
      }),
    );
  });

  it('stops (exit 78) when the model manifest cannot give the feature order and thresholds, naming MODEL_MANIFEST_PATH', async () => {
    const path = join(dir, 'no-thresholds.json');
    await writeFile(path, JSON.stringify({ modelVersion: 'xgb-1', featureNames: ['card_txn_count_10m'] }));

    const run = await runServiceToExit({ entry: INFERENCE_ENTRY, env: { ...VALID, MODEL_MANIFEST_PATH: path } });

    expect(run.code).toBe(78);
    const problem = `${path} is not a model manifest: thresholds Invalid input: expected object, received undefined`;
    expect(fatalLine(run.stdout)).toEqual(
      expect.objectContaining({
        msg: `inference: cannot start, 1 invalid setting: MODEL_MANIFEST_PATH ${problem}`,
        problems: [{ variable: 'MODEL_MANIFEST_PATH', problem }],
      }),
    );
  });
});
