import { startLocalRedisCluster, type RedisClusterEndpoints, type RunningInfra } from '@fraud/testing';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

import { createRedisClient, type RedisClient } from './redis-client.js';
import { redisSettingsShape } from './redis-url-setting.js';

vi.setConfig({ hookTimeout: 60_000 });

describe('createRedisClient', () => {
  let cluster: RunningInfra<RedisClusterEndpoints>;
  const clients: RedisClient[] = [];

  beforeAll(async () => {
    cluster = await startLocalRedisCluster();
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit()));
    await cluster.stop();
  });

  it('with REDIS_CLUSTER, finds every primary from one node’s URL and routes each key to its slot', async () => {
    const [seed] = cluster.endpoints.redisClusterNodes;
    const client = createRedisClient(seed ?? '', { cluster: true });
    clients.push(client);
    expect(client).toBeInstanceOf(Cluster);
    await client.connect();
    const keys = Array.from({ length: 100 }, (_, n) => `client-test:{c:${n}}`);
    await Promise.all(keys.map((key, n) => client.set(key, String(n))));
    expect(await Promise.all(keys.map((key) => client.get(key)))).toEqual(keys.map((_, n) => String(n)));
    expect((client as Cluster).nodes('master')).toHaveLength(3);
  });

  it('without it, connects to the one Redis of the URL', async () => {
    const client = createRedisClient(inject('infra').redisUrl);
    clients.push(client);
    expect(client).toBeInstanceOf(Redis);
    await client.connect();
    expect(await client.ping()).toBe('PONG');
  });

  it('reads REDIS_CLUSTER as a boolean, false when unset, and names a wrong value', () => {
    const cluster = redisSettingsShape.REDIS_CLUSTER;
    expect(cluster.parse(undefined)).toBe(false);
    expect(cluster.parse('true')).toBe(true);
    expect(cluster.safeParse('cluster').error?.issues[0]?.message).toBe('must be true or false');
  });
});
