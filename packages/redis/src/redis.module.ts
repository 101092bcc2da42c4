import { HealthRegistry, LOGGER } from '@fraud/observability';
import { SETTINGS } from '@fraud/config';
import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Cluster } from 'ioredis';
import type { Logger } from 'pino';

import { createRedisClient, type RedisClient } from './redis-client.js';
import { REDIS, REDIS_LANES } from './redis.tokens.js';

/** Runs once connected, before the service starts consuming (e.g. loads a Redis Functions library). */
export type RedisReadyHook = (redis: RedisClient, logger: Logger) => Promise<void>;

const READY_HOOK = Symbol('REDIS_READY_HOOK');

export interface RedisModuleOptions {
  onReady?: RedisReadyHook;
  /**
   * Connections in all (`REDIS_LANES`, the first being `REDIS`), for a
   * service whose commands of records handled at once would otherwise wait
   * on one connection's pipeline; 1 by default.
   */
  connections?: number;
}

/**
 * The Redis client of a service whose settings hold `REDIS_URL`: connected
 * at start, a readiness check, closed at application shutdown (after the
 * consumers stopped).
 */
@Global()
@Module({})
export class RedisModule implements OnModuleInit, OnApplicationShutdown {
  static forRoot(options: RedisModuleOptions = {}): DynamicModule {
    const connections = options.connections ?? 1;
    if (!Number.isInteger(connections) || connections < 1) {
      throw new RangeError(`connections must be a positive integer, got ${connections}`);
    }
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS,
          useFactory: (settings: { REDIS_URL: string; REDIS_CLUSTER?: boolean }) =>
            createRedisClient(settings.REDIS_URL, { cluster: settings.REDIS_CLUSTER === true }),
          inject: [SETTINGS],
        },
        {
          provide: REDIS_LANES,
          useFactory: (redis: RedisClient): readonly RedisClient[] => [
            redis,
            ...Array.from({ length: connections - 1 }, () =>
              redis instanceof Cluster ? redis.duplicate() : redis.duplicate(),
            ),
          ],
          inject: [REDIS],
        },
        { provide: READY_HOOK, useValue: options.onReady ?? null },
      ],
      exports: [REDIS, REDIS_LANES],
    };
  }

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(REDIS_LANES) private readonly lanes: readonly RedisClient[],
    @Inject(READY_HOOK) private readonly onReady: RedisReadyHook | null,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const [lane, connection] of this.lanes.entries()) {
      // Errors surface on commands; the client's own event would otherwise crash the process.
      connection.on('error', (error: Error) => {
        this.logger.warn({ err: error, lane }, 'redis connection error');
      });
    }
    await Promise.all(this.lanes.map((connection) => connection.connect()));
    await this.onReady?.(this.redis, this.logger);
    this.health.register('redis', async () => {
      await Promise.all(this.lanes.map((connection) => connection.ping()));
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.lanes.map((connection) =>
        connection.quit().catch(() => {
          connection.disconnect();
        }),
      ),
    );
  }
}
