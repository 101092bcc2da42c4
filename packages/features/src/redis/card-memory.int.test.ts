import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { DEFAULT_WINDOW_CONFIG } from '../window/window-config.js';
import { FeatureKeys } from './feature-keys.js';
import { loadFeatureLibrary } from './load-feature-library.js';
import { RedisWindowStore } from './redis-window-store.js';

describe('memory of an active card', () => {
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(inject('infra').redisUrl);
    await loadFeatureLibrary(redis);
  });

  afterAll(async () => {
    await redis.quit();
  });

  it('stays under 1 KB with 6 events in the window (UUID ids, 64-hex token)', async () => {
    const keys = new FeatureKeys('memory:');
    const store = new RedisWindowStore(redis, DEFAULT_WINDOW_CONFIG, keys);
    const token = 'f'.repeat(64);
    const start = Date.parse('2026-03-01T12:00:00.000Z');
    let watermark: number | undefined;
    for (let i = 0; i < 6; i++) {
      const timeMs = start + i * 60_000;
      await store.cardStep(
        token,
        {
          transactionId: randomUUID(),
          timeMs,
          amountMinor: 1234 + i,
          merchantId: `merchant-${100 + i}`,
          country: 'PT',
          lat: 38.72231234,
          lon: -9.13931234,
        },
        watermark,
      );
      watermark = timeMs;
    }
    const bytes = await redis.memory('USAGE', keys.card(token));
    expect(bytes).toBeGreaterThan(200);
    expect(bytes).toBeLessThanOrEqual(1024);
  });
});
