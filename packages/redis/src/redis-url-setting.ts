import { z } from 'zod';

/** `REDIS_URL`, parsed the same way by every service that keeps state in Redis. */
export const redisUrlSetting = z
  .url({ protocol: /^rediss?$/, message: 'must be a redis:// or rediss:// URL' })
  .describe('Redis or Valkey; rediss:// for TLS (ElastiCache in transit encryption).');
