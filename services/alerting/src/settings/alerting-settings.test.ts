import { fileURLToPath } from 'node:url';

import { loadSettings, SettingsError } from '@fraud/config';
import { describe, expect, it } from 'vitest';

import { alertingSettings } from './alerting-settings.js';

const BASE = {
  TRANSPORT: 'kafka',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AWS_REGION: 'eu-west-1',
  SNS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:fraud-alerts',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadSettings('alerting', alertingSettings, env);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems.map((p) => `${p.variable} ${p.problem}`);
    throw error;
  }
  return [];
}

describe('alerting settings', () => {
  it('defaults the suppression period, the webhook retries and the committed model manifest', () => {
    const settings = loadSettings('alerting', alertingSettings, BASE);
    expect(settings).toMatchObject({
      ALERT_SUPPRESSION_SECONDS: 600,
      ALERT_WEBHOOK_MAX_ATTEMPTS: 5,
      ALERT_WEBHOOK_TIMEOUT_MS: 5_000,
      MODEL_MANIFEST_PATH: fileURLToPath(new URL('../../../../model/artifacts/model-manifest.json', import.meta.url)),
    });
    expect(settings.ALERT_WEBHOOK_URL).toBeUndefined();
  });

  it('names every missing or invalid setting at once', () => {
    expect(
      problemsOf({
        TRANSPORT: 'kafka',
        KAFKA_BROKERS: '127.0.0.1:9092',
        SNS_TOPIC_ARN: 'fraud-alerts',
        ALERT_SUPPRESSION_SECONDS: '0',
      }),
    ).toEqual([
      'AWS_REGION is required',
      'SNS_TOPIC_ARN is invalid (must be an SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:fraud-alerts)',
      'REDIS_URL is required',
      'ALERT_SUPPRESSION_SECONDS is invalid (must be a positive integer)',
    ]);
  });

  it('requires the webhook secret once a webhook URL is set, and a web URL', () => {
    expect(problemsOf({ ...BASE, ALERT_WEBHOOK_URL: 'https://hooks.example.com/fraud' })).toEqual([
      'ALERT_WEBHOOK_SECRET is required when ALERT_WEBHOOK_URL is set',
    ]);
    expect(
      problemsOf({ ...BASE, ALERT_WEBHOOK_URL: 'ftp://hooks.example.com', ALERT_WEBHOOK_SECRET: 'short' }),
    ).toEqual([
      'ALERT_WEBHOOK_URL is invalid (must be an http:// or https:// URL)',
      'ALERT_WEBHOOK_SECRET is invalid (must be at least 16 characters)',
    ]);
  });

  it('accepts FIFO topics and other partitions', () => {
    expect(
      problemsOf({ ...BASE, SNS_TOPIC_ARN: 'arn:aws-us-gov:sns:us-gov-west-1:123456789012:fraud-alerts.fifo' }),
    ).toEqual([]);
  });
});
