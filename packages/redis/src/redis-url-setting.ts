import { booleanSetting } from '@fraud/config';
import { z } from 'zod';

/** `REDIS_URL`, parsed the same way by every service that keeps state in Redis. */
export const redisUrlSetting = z
  .url({ protocol: /^rediss?$/, message: 'must be a redis:// or rediss:// URL' })
  .describe('Redis or Valkey; rediss:// for TLS (ElastiCache in transit encryption).');

/** `REDIS_CLUSTER`: `REDIS_URL` names a Redis Cluster (ElastiCache cluster mode): any node, or its configuration endpoint. */
export const redisClusterSetting = booleanSetting.default(false);

/** The Redis settings of a service that keeps state in Redis. */
export const redisSettingsShape = { REDIS_URL: redisUrlSetting, REDIS_CLUSTER: redisClusterSetting };
