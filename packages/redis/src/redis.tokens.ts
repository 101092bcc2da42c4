/** Injection token of a service's ioredis client. */
export const REDIS = Symbol('REDIS');
