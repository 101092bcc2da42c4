import { HealthRegistry, LOGGER, SETTINGS } from '@fraud/observability';
import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

import { createRedisClient } from './redis-client.js';
import { REDIS } from './redis.tokens.js';

/** Runs once connected, before the service starts consuming (e.g. loads a Redis Functions library). */
export type RedisReadyHook = (redis: Redis, logger: Logger) => Promise<void>;

const READY_HOOK = Symbol('REDIS_READY_HOOK');

/**
 * The Redis client of a service whose settings hold `REDIS_URL`: connected
 * at start, a readiness check, closed at application shutdown (after the
 * consumers stopped).
 */
@Global()
@Module({})
export class RedisModule implements OnModuleInit, OnApplicationShutdown {
  static forRoot(options: { onReady?: RedisReadyHook } = {}): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS,
          useFactory: (settings: { REDIS_URL: string }) => createRedisClient(settings.REDIS_URL),
          inject: [SETTINGS],
        },
        { provide: READY_HOOK, useValue: options.onReady ?? null },
      ],
      exports: [REDIS],
    };
  }

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(READY_HOOK) private readonly onReady: RedisReadyHook | null,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    // Errors surface on commands; the client's own event would otherwise crash the process.
    this.redis.on('error', (error: Error) => {
      this.logger.warn({ err: error }, 'redis connection error');
    });
    await this.redis.connect();
    await this.onReady?.(this.redis, this.logger);
    this.health.register('redis', () => this.redis.ping());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => {
      this.redis.disconnect();
    });
  }
}
