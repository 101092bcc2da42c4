/** Injection token of a service's ioredis client. */
export const REDIS = Symbol('REDIS');

/** Injection token of every connection of a service's Redis client (`RedisModuleOptions.connections`), `REDIS` first. */
export const REDIS_LANES = Symbol('REDIS_LANES');
