import { fatalLine, runServiceToExit } from '@fraud/testing';
import { describe, expect, it, vi } from 'vitest';

import { ALERTING_ENTRY } from './test-support/alerting-env.js';

vi.setConfig({ testTimeout: 60_000 });

const VALID = {
  PATH: process.env.PATH ?? '',
  TRANSPORT: 'kafka',
  KAFKA_BROKERS: '127.0.0.1:9',
  AWS_REGION: 'eu-west-1',
  SNS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:fraud-alerts',
  REDIS_URL: 'redis://127.0.0.1:9',
};

describe('the alerting service at start', () => {
  it('stops (exit 78) naming every missing or invalid setting in one line', async () => {
    const run = await runServiceToExit({
      entry: ALERTING_ENTRY,
      env: { PATH: VALID.PATH, TRANSPORT: 'kafka', ALERT_WEBHOOK_URL: 'https://hooks.example.com/fraud' },
    });
    expect(run.code).toBe(78);
    expect(fatalLine(run.stdout).msg).toBe(
      'alerting: cannot start, 5 invalid settings: AWS_REGION is required; SNS_TOPIC_ARN is required; ' +
        'REDIS_URL is required; KAFKA_BROKERS is required when TRANSPORT=kafka; ' +
        'ALERT_WEBHOOK_SECRET is required when ALERT_WEBHOOK_URL is set',
    );
  });

  it('stops (exit 78) naming MODEL_MANIFEST_PATH when the manifest cannot be read', async () => {
    const run = await runServiceToExit({
      entry: ALERTING_ENTRY,
      env: { ...VALID, MODEL_MANIFEST_PATH: '/nonexistent/model-manifest.json' },
    });
    expect(run.code).toBe(78);
    expect(fatalLine(run.stdout).problems).toEqual([
      {
        variable: 'MODEL_MANIFEST_PATH',
        problem:
          "/nonexistent/model-manifest.json cannot be read (ENOENT: no such file or directory, open '/nonexistent/model-manifest.json')",
      },
    ]);
  });
});
