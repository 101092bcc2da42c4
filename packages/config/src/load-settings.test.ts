import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { loadSettings } from './load-settings.js';
import { SettingsError } from './settings-error.js';
import { sharedRequirements, sharedSettingsSchema } from './shared-settings.js';

const spec = { schema: sharedSettingsSchema, requirements: sharedRequirements };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadSettings('test-service', spec, env);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems.map((p) => `${p.variable} ${p.problem}`);
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('loadSettings', () => {
  it('applies the documented defaults', () => {
    const settings = loadSettings('test-service', spec, { TRANSPORT: 'kafka', KAFKA_BROKERS: '127.0.0.1:9092' });
    expect(settings).toEqual({
      TRANSPORT: 'kafka',
      STREAM_PREFIX: '',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_AUTH: 'none',
      KAFKA_TLS: false,
      KAFKA_COMPRESSION: 'none',
      KAFKA_SESSION_TIMEOUT_MS: 30_000,
      CREATE_STREAMS: false,
      STREAM_PARTITIONS: 4,
      HTTP_PORT: 8080,
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_SECONDS: 25,
    });
  });

  it('parses lists, booleans and numbers', () => {
    const settings = loadSettings('test-service', spec, {
      TRANSPORT: 'kafka',
      KAFKA_BROKERS: 'b-1.msk:9098, b-2.msk:9098,',
      KAFKA_TLS: 'true',
      HTTP_PORT: '3000',
    });
    expect(settings.KAFKA_BROKERS).toEqual(['b-1.msk:9098', 'b-2.msk:9098']);
    expect(settings.KAFKA_TLS).toBe(true);
    expect(settings.HTTP_PORT).toBe(3000);
  });

  it('names every missing and invalid setting in one error', () => {
    expect(problemsOf({ HTTP_PORT: 'eighty', KAFKA_AUTH: 'kerberos' })).toEqual([
      'TRANSPORT is required',
      "KAFKA_AUTH is invalid (must be 'none', 'scram' or 'iam')",
      'HTTP_PORT is invalid (must be a port number)',
    ]);
  });

  it('requires the settings a chosen transport needs', () => {
    expect(problemsOf({ TRANSPORT: 'kafka' })).toEqual(['KAFKA_BROKERS is required when TRANSPORT=kafka']);
    expect(problemsOf({ TRANSPORT: 'kinesis' })).toEqual(['AWS_REGION is required when TRANSPORT=kinesis']);
    expect(problemsOf({ TRANSPORT: 'kafka', KAFKA_BROKERS: 'k:9096', KAFKA_AUTH: 'scram' })).toEqual([
      'KAFKA_SASL_USERNAME is required when KAFKA_AUTH=scram',
      'KAFKA_SASL_PASSWORD is required when KAFKA_AUTH=scram',
    ]);
  });

  it('reports conditional requirements alongside schema problems', () => {
    expect(problemsOf({ TRANSPORT: 'kafka', HTTP_PORT: '70000' })).toEqual([
      'HTTP_PORT is invalid (must be a port number 1-65535)',
      'KAFKA_BROKERS is required when TRANSPORT=kafka',
    ]);
  });

  it('treats an empty variable as unset', () => {
    expect(problemsOf({ TRANSPORT: '' })).toEqual(['TRANSPORT is required']);
  });

  it('puts the service name and every problem in the message', () => {
    const schema = z.object({ A: z.string(), B: z.coerce.number().int() });
    expect(() => loadSettings('producer', { schema }, { B: 'x' })).toThrow(
      'producer: cannot start, 2 invalid settings: A is required; B is invalid',
    );
  });

  it('never echoes the value of an invalid setting', () => {
    const message = (() => {
      try {
        loadSettings('test-service', spec, { TRANSPORT: 'kafka', KAFKA_BROKERS: 'super-secret-value' });
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toContain('KAFKA_BROKERS is invalid');
    expect(message).not.toContain('super-secret-value');
  });
});
