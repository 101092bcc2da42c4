import { loadSettings } from '@fraud/config';
import { UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';

import { producerSettings } from '../settings/producer-settings.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { IngestMetrics } from './ingest-metrics.js';

const KEYS = ['first-key-0123456789', 'second-key-0123456789', 'third-key-0123456789'];

function guarded(): { guard: ApiKeyGuard; metrics: IngestMetrics } {
  const settings = loadSettings('producer', producerSettings, {
    TRANSPORT: 'kafka',
    KAFKA_BROKERS: '127.0.0.1:9092',
    PAN_HMAC_KEY: 'p'.repeat(32),
    INGEST_API_KEYS: KEYS.join(','),
  });
  const metrics = new IngestMetrics(new Registry());
  return { guard: new ApiKeyGuard(settings, metrics), metrics };
}

function requestWith(headers: Record<string, string | string[] | undefined>): ExecutionContext {
  return { switchToHttp: () => ({ getRequest: () => ({ headers }) }) } as unknown as ExecutionContext;
}

function refusal(guard: ApiKeyGuard, headers: Record<string, string | undefined>): unknown {
  try {
    guard.canActivate(requestWith(headers));
  } catch (error) {
    if (error instanceof UnauthorizedException) return error.getResponse();
    throw error;
  }
  throw new Error('expected the request to be refused');
}

async function unauthorizedCount(metrics: IngestMetrics): Promise<number | undefined> {
  const { values } = await metrics.requests.get();
  return values.find((value) => value.labels.outcome === 'unauthorized')?.value;
}

describe('API key guard', () => {
  it.each(KEYS)('admits a request carrying the configured key %s', async (key) => {
    const { guard, metrics } = guarded();
    expect(guard.canActivate(requestWith({ 'x-api-key': key }))).toBe(true);
    expect(await unauthorizedCount(metrics)).toBeUndefined();
  });

  it.each([
    ['no header', {}],
    ['an empty header', { 'x-api-key': '' }],
  ])('refuses %s as missing, 401', async (_case, headers) => {
    const { guard, metrics } = guarded();
    expect(refusal(guard, headers)).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'missing x-api-key header',
    });
    expect(await unauthorizedCount(metrics)).toBe(1);
  });

  it.each([
    ['an unknown key', 'fourth-key-0123456789'],
    ['a configured key missing its last character', 'first-key-012345678'],
    ['a configured key with a trailing space', 'first-key-0123456789 '],
    ['two configured keys joined', `${KEYS[0]!},${KEYS[1]!}`],
  ])('refuses %s as invalid, 401', async (_case, key) => {
    const { guard, metrics } = guarded();
    expect(refusal(guard, { 'x-api-key': key })).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'invalid x-api-key header',
    });
    expect(await unauthorizedCount(metrics)).toBe(1);
  });

  it('counts every refusal', async () => {
    const { guard, metrics } = guarded();
    refusal(guard, {});
    refusal(guard, { 'x-api-key': 'wrong-key-0123456789' });
    guard.canActivate(requestWith({ 'x-api-key': KEYS[2]! }));
    refusal(guard, { 'x-api-key': 'wrong-key-0123456789' });
    expect(await unauthorizedCount(metrics)).toBe(3);
  });
});
