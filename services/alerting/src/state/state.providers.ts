import { SETTINGS } from '@fraud/config';
import { ProcessedTransactions } from '@fraud/idempotency';
import { REDIS } from '@fraud/redis';
import type { Provider } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';

import type { AlertingSettings } from '../settings/alerting-settings.js';
import { OpenAlertStore } from './open-alert-store.js';

/**
 * How long a handled transaction is remembered: far longer than any
 * redelivery after a crash or rebalance (minutes), and than the longest
 * suppression period, so a redelivered score never opens a second alert.
 */
export const PROCESSED_TTL_SECONDS = 2 * 86_400;

/** The service's Redis state, namespaced by STREAM_PREFIX so two stacks can share one Redis. */
export const stateProviders: Provider[] = [
  {
    provide: OpenAlertStore,
    useFactory: (redis: Redis | Cluster, settings: AlertingSettings) =>
      new OpenAlertStore(redis, settings.STREAM_PREFIX),
    inject: [REDIS, SETTINGS],
  },
  {
    provide: ProcessedTransactions,
    useFactory: (redis: Redis | Cluster, settings: AlertingSettings) =>
      new ProcessedTransactions(redis, {
        scope: 'alerting',
        namespace: settings.STREAM_PREFIX,
        ttlSeconds: PROCESSED_TTL_SECONDS,
      }),
    inject: [REDIS, SETTINGS],
  },
];
