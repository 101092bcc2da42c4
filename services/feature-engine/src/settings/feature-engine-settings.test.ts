import { loadSettings, SettingsError } from '@fraud/config';
import { describe, expect, it } from 'vitest';

import { featureEngineSettings } from './feature-engine-settings.js';

const REQUIRED = {
  TRANSPORT: 'kafka',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AWS_REGION: 'eu-west-1',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadSettings('feature-engine', featureEngineSettings, env);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems.map((p) => `${p.variable} ${p.problem}`);
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('feature-engine settings', () => {
  it('applies the documented defaults', () => {
    const settings = loadSettings('feature-engine', featureEngineSettings, REQUIRED);

    expect({
      WINDOW_SECONDS: settings.WINDOW_SECONDS,
      ALLOWED_LATENESS_SECONDS: settings.ALLOWED_LATENESS_SECONDS,
      FEATURE_STATE_TTL_SLACK_SECONDS: settings.FEATURE_STATE_TTL_SLACK_SECONDS,
      FEATURE_CACHED_CARDS: settings.FEATURE_CACHED_CARDS,
      FEATURE_PARTITION_IDLE_SECONDS: settings.FEATURE_PARTITION_IDLE_SECONDS,
      FEATURE_REDIS_CONNECTIONS: settings.FEATURE_REDIS_CONNECTIONS,
      FEATURE_REPLICA_ACKS: settings.FEATURE_REPLICA_ACKS,
      FEATURE_REPLICA_ACK_TIMEOUT_MS: settings.FEATURE_REPLICA_ACK_TIMEOUT_MS,
    }).toEqual({
      WINDOW_SECONDS: 600,
      ALLOWED_LATENESS_SECONDS: 300,
      FEATURE_STATE_TTL_SLACK_SECONDS: 900,
      FEATURE_CACHED_CARDS: 200_000,
      FEATURE_PARTITION_IDLE_SECONDS: 900,
      FEATURE_REDIS_CONNECTIONS: 4,
      FEATURE_REPLICA_ACKS: 0,
      FEATURE_REPLICA_ACK_TIMEOUT_MS: 1_000,
    });
  });

  it('takes replica acknowledgements for a cluster with replicas', () => {
    const settings = loadSettings('feature-engine', featureEngineSettings, {
      ...REQUIRED,
      FEATURE_REPLICA_ACKS: '1',
      FEATURE_REPLICA_ACK_TIMEOUT_MS: '250',
    });
    expect([settings.FEATURE_REPLICA_ACKS, settings.FEATURE_REPLICA_ACK_TIMEOUT_MS]).toEqual([1, 250]);
  });

  it('names every bad window and Redis setting at once', () => {
    expect(
      problemsOf({
        ...REQUIRED,
        ALLOWED_LATENESS_SECONDS: '-5',
        FEATURE_REPLICA_ACKS: '-1',
        FEATURE_REPLICA_ACK_TIMEOUT_MS: '0',
        FEATURE_REDIS_CONNECTIONS: '33',
      }).sort(),
    ).toEqual([
      'ALLOWED_LATENESS_SECONDS is invalid (must be an integer >= 0)',
      'FEATURE_REDIS_CONNECTIONS is invalid (must be at most 32)',
      'FEATURE_REPLICA_ACKS is invalid (must be an integer >= 0)',
      'FEATURE_REPLICA_ACK_TIMEOUT_MS is invalid (must be a positive integer)',
    ]);
  });
});
