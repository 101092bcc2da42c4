import { Cluster, Redis } from 'ioredis';

/** A service's Redis: one node (or a primary with replicas), or a cluster (`REDIS_CLUSTER`). */
export type RedisClient = Redis | Cluster;

export interface RedisClientOptions {
  /** Redis Cluster (ElastiCache cluster mode): `url` is any node, or the configuration endpoint. */
  cluster?: boolean;
}

/** Keep reconnecting, at most every 2 s: the service waits for Redis rather than dying. */
const reconnectDelay = (attempt: number) => Math.min(attempt * 200, 2_000);

/**
 * The services' Redis client. Commands fail at once while Redis is
 * unreachable, rather than queueing: the record pipeline retries them with
 * backoff and nothing is committed meanwhile. Calls of records handled at
 * once go to Redis in one round trip per node (auto-pipelining).
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): RedisClient {
  if (options.cluster !== true) {
    return new Redis(url, {
      lazyConnect: true,
      enableAutoPipelining: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 5_000,
      retryStrategy: reconnectDelay,
    });
  }
  const seed = new URL(url);
  return new Cluster([{ host: seed.hostname, port: Number(seed.port || 6379) }], {
    lazyConnect: true,
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    clusterRetryStrategy: reconnectDelay,
    // ioredis gives a node 1 s to answer CLUSTER SLOTS, then fails the connect ("None of startup nodes is
    // available"): a busy host took longer, and the service's start failed. As long as a connection may take.
    slotsRefreshTimeout: 5_000,
    // ElastiCache's TLS certificates name its endpoints: connect by the names the cluster gives.
    dnsLookup: (address, callback) => {
      callback(null, address);
    },
    redisOptions: {
      ...(seed.username === '' ? {} : { username: decodeURIComponent(seed.username) }),
      ...(seed.password === '' ? {} : { password: decodeURIComponent(seed.password) }),
      ...(seed.protocol === 'rediss:' ? { tls: {} } : {}),
      maxRetriesPerRequest: 1,
      connectTimeout: 5_000,
    },
  });
}
