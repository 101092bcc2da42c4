export { createRedisClient, type RedisClient, type RedisClientOptions } from './redis-client.js';
export { RedisModule, type RedisModuleOptions, type RedisReadyHook } from './redis.module.js';
export { REDIS, REDIS_LANES } from './redis.tokens.js';
export { redisClusterSetting, redisSettingsShape, redisUrlSetting } from './redis-url-setting.js';
export { redisCall } from './redis-call.js';
