import { loadSettings, SettingsError, type SettingProblem } from '@fraud/config';
import { describe, expect, it } from 'vitest';

import { producerSettings } from './producer-settings.js';

const KAFKA = { TRANSPORT: 'kafka', KAFKA_BROKERS: '127.0.0.1:9092' };
const HMAC_KEY = '0123456789abcdef0123456789abcdef';

function problemsOf(env: Record<string, string>): readonly SettingProblem[] {
  try {
    loadSettings('producer', producerSettings, env);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('producer settings', () => {
  it('applies the ingest defaults and splits the API keys', () => {
    const settings = loadSettings('producer', producerSettings, {
      ...KAFKA,
      PAN_HMAC_KEY: HMAC_KEY,
      INGEST_API_KEYS: ' first-key-0123456789 ,second-key-0123456789,',
    });
    expect({
      PAN_HMAC_KEY: settings.PAN_HMAC_KEY,
      INGEST_API_KEYS: settings.INGEST_API_KEYS,
      INGEST_MAX_BODY_BYTES: settings.INGEST_MAX_BODY_BYTES,
      INGEST_PUBLISH_TIMEOUT_MS: settings.INGEST_PUBLISH_TIMEOUT_MS,
      HTTP_PORT: settings.HTTP_PORT,
      HTTP_HOST: settings.HTTP_HOST,
    }).toEqual({
      PAN_HMAC_KEY: HMAC_KEY,
      INGEST_API_KEYS: ['first-key-0123456789', 'second-key-0123456789'],
      INGEST_MAX_BODY_BYTES: 1_048_576,
      INGEST_PUBLISH_TIMEOUT_MS: 5_000,
      HTTP_PORT: 8080,
      HTTP_HOST: '127.0.0.1',
    });
  });

  it('takes the limits from the environment', () => {
    const settings = loadSettings('producer', producerSettings, {
      ...KAFKA,
      PAN_HMAC_KEY: HMAC_KEY,
      INGEST_API_KEYS: 'first-key-0123456789',
      INGEST_MAX_BODY_BYTES: '10485760',
      INGEST_PUBLISH_TIMEOUT_MS: '60000',
    });
    expect([settings.INGEST_MAX_BODY_BYTES, settings.INGEST_PUBLISH_TIMEOUT_MS]).toEqual([10_485_760, 60_000]);
  });

  it('names a short HMAC key, a short API key and a bad body limit in one error', () => {
    expect(
      problemsOf({
        ...KAFKA,
        PAN_HMAC_KEY: 'too-short',
        INGEST_API_KEYS: 'first-key-0123456789,short',
        INGEST_MAX_BODY_BYTES: 'a lot',
      }),
    ).toEqual([
      { variable: 'PAN_HMAC_KEY', problem: 'is invalid (must be at least 32 characters (a random secret))' },
      { variable: 'INGEST_API_KEYS', problem: 'is invalid (every key must be at least 16 characters)' },
      { variable: 'INGEST_MAX_BODY_BYTES', problem: 'is invalid (must be a positive integer)' },
    ]);
  });

  it('requires the HMAC key and the API keys', () => {
    expect(problemsOf(KAFKA)).toEqual([
      { variable: 'PAN_HMAC_KEY', problem: 'is required' },
      { variable: 'INGEST_API_KEYS', problem: 'is required' },
    ]);
  });

  it.each([
    [{ INGEST_API_KEYS: ' , ' }, 'INGEST_API_KEYS', 'is invalid (must list at least one entry)'],
    [{ INGEST_MAX_BODY_BYTES: '0' }, 'INGEST_MAX_BODY_BYTES', 'is invalid (must be a positive integer)'],
    [{ INGEST_MAX_BODY_BYTES: '10485761' }, 'INGEST_MAX_BODY_BYTES', 'is invalid (must be at most 10485760)'],
    [{ INGEST_PUBLISH_TIMEOUT_MS: '60001' }, 'INGEST_PUBLISH_TIMEOUT_MS', 'is invalid (must be at most 60000)'],
    [{ INGEST_PUBLISH_TIMEOUT_MS: '2.5' }, 'INGEST_PUBLISH_TIMEOUT_MS', 'is invalid (must be a positive integer)'],
  ])('refuses %j', (override, variable, problem) => {
    expect(
      problemsOf({ ...KAFKA, PAN_HMAC_KEY: HMAC_KEY, INGEST_API_KEYS: 'first-key-0123456789', ...override }),
    ).toEqual([{ variable, problem }]);
  });

  it('never puts a key in the message', () => {
    let message = '';
    try {
      loadSettings('producer', producerSettings, {
        ...KAFKA,
        PAN_HMAC_KEY: 'secret-hmac',
        INGEST_API_KEYS: 'secret-api',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      'producer: cannot start, 2 invalid settings: ' +
        'PAN_HMAC_KEY is invalid (must be at least 32 characters (a random secret)); ' +
        'INGEST_API_KEYS is invalid (every key must be at least 16 characters)',
    );
  });
});
