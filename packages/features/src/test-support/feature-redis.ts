import { Redis } from 'ioredis';
import { afterAll, beforeAll, inject } from 'vitest';

import { loadFeatureLibrary } from '../redis/load-feature-library.js';

/**
 * For the tests of the calling `describe`: a client of the test stack's
 * Redis with the feature library loaded, connected before them and closed
 * after. Call the returned function inside a test.
 */
export function useFeatureRedis(): () => Redis {
  let redis: Redis | undefined;
  beforeAll(async () => {
    redis = new Redis(inject('infra').redisUrl);
    await loadFeatureLibrary(redis);
  });
  afterAll(async () => {
    await redis?.quit();
  });
  return () => {
    if (redis === undefined) throw new Error('the feature Redis is used outside the tests of its describe');
    return redis;
  };
}
