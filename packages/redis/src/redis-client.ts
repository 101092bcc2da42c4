import { Redis } from 'ioredis';

/**
 * The services' Redis client. Commands fail at once while Redis is
 * unreachable, rather than queueing: the record pipeline retries them with
 * backoff and nothing is committed meanwhile.
 */
export function createRedisClient(url: string): Redis {
  return new Redis(url, {
    lazyConnect: true,
    // Calls of records handled concurrently go to Redis in one round trip.
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
    // Keep reconnecting, at most every 2 s: the service waits for Redis rather than dying.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}
