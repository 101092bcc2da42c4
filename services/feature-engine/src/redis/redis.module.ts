import { loadFeatureLibrary } from '@fraud/features';
import { HealthRegistry, LOGGER, SETTINGS } from '@fraud/observability';
import { Global, Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

import type { FeatureEngineSettings } from '../settings/feature-engine-settings.js';
import { REDIS } from './redis.tokens.js';

/**
 * The Redis client: connected and the feature library loaded at start, a
 * readiness check, closed at application shutdown (after the consumers
 * stopped). Commands fail at once while Redis is unreachable, rather than
 * queueing: the record pipeline retries them with backoff and nothing is
 * committed meanwhile.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      useFactory: (settings: FeatureEngineSettings) =>
        new Redis(settings.REDIS_URL, {
          lazyConnect: true,
          // Calls of records handled concurrently go to Redis in one round trip.
          enableAutoPipelining: true,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 5_000,
          // Keep reconnecting, at most every 2 s: the service waits for Redis rather than dying.
          retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
        }),
      inject: [SETTINGS],
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    // Errors surface on commands; the client's own event would otherwise crash the process.
    this.redis.on('error', (error: Error) => {
      this.logger.warn({ err: error }, 'redis connection error');
    });
    await this.redis.connect();
    const outcome = await loadFeatureLibrary(this.redis);
    this.logger.info({ library: outcome }, 'redis feature library ready');
    this.health.register('redis', () => this.redis.ping());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => {
      this.redis.disconnect();
    });
  }
}
