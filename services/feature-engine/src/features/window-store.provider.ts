import { FeatureKeys, OnlineWindows, RedisWindowStore, windowConfig } from '@fraud/features';
import { SETTINGS } from '@fraud/config';
import type { Provider } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';

import { REDIS, REDIS_LANES } from '@fraud/redis';
import type { FeatureEngineSettings } from '../settings/feature-engine-settings.js';

/**
 * The window state in Redis, keys namespaced by STREAM_PREFIX so two stacks
 * can share one Redis; steps over every connection; writes acknowledged by
 * FEATURE_REPLICA_ACKS replicas before a batch is committed.
 */
export const windowStoreProvider: Provider = {
  provide: RedisWindowStore,
  useFactory: (redis: Redis | Cluster, lanes: readonly (Redis | Cluster)[], settings: FeatureEngineSettings) =>
    new RedisWindowStore(
      redis,
      windowConfig({
        window: settings.WINDOW_SECONDS,
        allowedLateness: settings.ALLOWED_LATENESS_SECONDS,
        ttlSlack: settings.FEATURE_STATE_TTL_SLACK_SECONDS,
      }),
      new FeatureKeys(settings.STREAM_PREFIX),
      lanes,
      { replicas: settings.FEATURE_REPLICA_ACKS, timeoutMs: settings.FEATURE_REPLICA_ACK_TIMEOUT_MS },
    ),
  inject: [REDIS, REDIS_LANES, SETTINGS],
};

/** The engine's window state: cards it owns kept in memory between batches, Redis the state of record. */
export const onlineWindowsProvider: Provider = {
  provide: OnlineWindows,
  useFactory: (store: RedisWindowStore, settings: FeatureEngineSettings) =>
    new OnlineWindows(store, {
      cachedCards: settings.FEATURE_CACHED_CARDS,
      partitionIdleMs: settings.FEATURE_PARTITION_IDLE_SECONDS * 1000,
    }),
  inject: [RedisWindowStore, SETTINGS],
};
