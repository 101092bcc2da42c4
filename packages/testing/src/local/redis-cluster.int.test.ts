import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { RunningInfra } from '../infra-types.js';
import { parseClusterNodes } from './cluster-nodes.js';
import { startLocalRedisCluster, type RedisClusterEndpoints } from './redis-cluster.js';

vi.setConfig({ hookTimeout: 60_000 });

const SLOTS = 16_384;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

describe('the local Redis Cluster', () => {
  let cluster: RunningInfra<RedisClusterEndpoints>;
  let client: Cluster;

  beforeAll(async () => {
    cluster = await startLocalRedisCluster();
    const nodes = cluster.endpoints.redisClusterNodes.map((url) => ({ host: '127.0.0.1', port: portOf(url) }));
    client = new Cluster(nodes);
  });

  afterAll(async () => {
    await client.quit();
    await cluster.stop();
  });

  it('runs 3 primaries that split all 16,384 hash slots, and routes each key to its slot’s primary', async () => {
    const { redisClusterNodes } = cluster.endpoints;
    expect(redisClusterNodes).toHaveLength(3);
    const slots = (await client.cluster('SLOTS')) as [number, number, ...unknown[]][];
    const owned = slots.reduce((sum, [from, to]) => sum + (to - from + 1), 0);
    expect(owned).toBe(SLOTS);
    expect(new Set(slots.map((range) => JSON.stringify(range[2]))).size).toBe(3);

    // Keys of 300 cards, hash-tagged as the feature engine tags them, written and read back.
    const keys = Array.from({ length: 300 }, (_, n) => `fe:{c:card-${n}}`);
    await Promise.all(keys.map((key, n) => client.set(key, String(n))));
    expect(await Promise.all(keys.map((key) => client.get(key)))).toEqual(keys.map((_, n) => String(n)));

    // Every primary holds a share of them: the slots really are spread.
    const sizes = await Promise.all(
      redisClusterNodes.map(async (url) => {
        const node = new Redis(portOf(url), '127.0.0.1');
        try {
          return await node.dbsize();
        } finally {
          await node.quit();
        }
      }),
    );
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(keys.length);
    for (const size of sizes) expect(size).toBeGreaterThan(keys.length / 6);
  });

  it('stops every node it started, replicas included', async () => {
    const pids = cluster.pids ?? [];
    expect(pids).toHaveLength(3);
    expect(pids.every(isAlive)).toBe(true);
    const other = await startLocalRedisCluster({ replicasPerPrimary: 1 });
    const otherPids = other.pids ?? [];
    try {
      // Each replica follows a primary of its own, and has its data.
      const { redisClusterNodes, redisClusterReplicas = [] } = other.endpoints;
      const node = new Redis(portOf(redisClusterNodes[0] ?? ''), '127.0.0.1');
      const nodes = parseClusterNodes((await node.cluster('NODES')) as string).map(({ id, port, role, primaryId }) => ({
        id,
        url: `redis://127.0.0.1:${port}`,
        role,
        primaryId,
      }));
      await node.quit();
      expect(nodes.filter(({ role }) => role === 'primary').map(({ url }) => url)).toEqual(
        expect.arrayContaining(redisClusterNodes),
      );
      const replicas = nodes.filter(({ role }) => role === 'replica');
      expect(replicas.map(({ url }) => url).sort()).toEqual([...redisClusterReplicas].sort());
      expect(new Set(replicas.map(({ primaryId }) => primaryId)).size).toBe(3);
    } finally {
      await other.stop();
    }
    expect(otherPids).toHaveLength(6);
    expect(otherPids.filter(isAlive)).toEqual([]);
  });
  it('with primaries: 1, runs one node in cluster mode that holds every slot, and refuses what it cannot start', async () => {
    const one = await startLocalRedisCluster({ primaries: 1 });
    const node = new Redis(portOf(one.endpoints.redisClusterNodes[0] ?? ''), '127.0.0.1');
    try {
      expect(one.endpoints.redisClusterNodes).toHaveLength(1);
      expect(one.endpoints.redisClusterReplicas).toBeUndefined();
      expect(await node.cluster('INFO')).toMatch(/cluster_state:ok[\s\S]*cluster_slots_assigned:16384/);
    } finally {
      await node.quit();
      await one.stop();
    }
    expect(one.pids?.every((pid) => !isAlive(pid))).toBe(true);
    await expect(startLocalRedisCluster({ primaries: 2 })).rejects.toThrow(/1 primary without replicas, or 3 or more/);
    await expect(startLocalRedisCluster({ primaries: 1, replicasPerPrimary: 1 })).rejects.toThrow(RangeError);
  });
});
