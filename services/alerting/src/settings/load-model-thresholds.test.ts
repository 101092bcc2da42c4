import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SettingsError } from '@fraud/config';
import { loadSettings } from '@fraud/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { alertingSettings } from './alerting-settings.js';
import { loadModelThresholds } from './load-model-thresholds.js';

describe('loadModelThresholds', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alerting-manifest-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function problemOf(path: string): Promise<string> {
    const error: unknown = await loadModelThresholds('alerting', path).catch((e: unknown) => e);
    if (!(error instanceof SettingsError)) throw new Error('expected a SettingsError');
    return error.message;
  }

  it('reads the committed manifest’s model version and thresholds', async () => {
    const { MODEL_MANIFEST_PATH } = loadSettings('alerting', alertingSettings, {
      TRANSPORT: 'kafka',
      KAFKA_BROKERS: '127.0.0.1:9092',
      AWS_REGION: 'eu-west-1',
      SNS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:fraud-alerts',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(await loadModelThresholds('alerting', MODEL_MANIFEST_PATH)).toEqual({
      modelVersion: 'xgb-cc777d112c3d',
      review: 0.089559,
      block: 0.563542,
    });
  });

  it('names MODEL_MANIFEST_PATH with the manifest’s problem: a file that is missing or without usable thresholds', async () => {
    const missing = join(dir, 'missing.json');
    expect(await problemOf(missing)).toMatch(
      new RegExp(`^alerting: cannot start, 1 invalid setting: MODEL_MANIFEST_PATH ${missing} cannot be read \\(ENOENT`),
    );
    const inverted = join(dir, 'inverted.json');
    await writeFile(
      inverted,
      JSON.stringify({ modelVersion: 'm', featureNames: ['a'], thresholds: { review: 0.5, block: 0.2 } }),
    );
    expect(await problemOf(inverted)).toBe(
      `alerting: cannot start, 1 invalid setting: MODEL_MANIFEST_PATH ${inverted} is not a model manifest: thresholds review must not be above block`,
    );
  });
});
