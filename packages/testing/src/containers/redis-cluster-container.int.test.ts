import { Cluster, Redis } from 'ioredis';
import type { StartedTestContainer } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { dockerEngineAnswers } from '../docker-engine.js';
import { startRedisClusterContainer } from './redis-cluster-container.js';

vi.setConfig({ hookTimeout: 120_000 });

// Containers need a Docker engine; on a machine without one this file is skipped.
const docker = await dockerEngineAnswers();

describe.skipIf(!docker)('the Redis Cluster container', () => {
  let container: StartedTestContainer;
  let nodes: string[];

  beforeAll(async () => {
    ({
      container,
      endpoints: { redisClusterNodes: nodes },
    } = await startRedisClusterContainer());
  });
  afterAll(async () => {
    await container.stop();
  });

  it('announces 3 primaries the host reaches, each cluster_state:ok, and routes keys across them', async () => {
    expect(nodes).toHaveLength(3);
    for (const url of nodes) {
      const node = new Redis(url, { lazyConnect: true });
      try {
        await node.connect();
        expect(await node.cluster('INFO')).toContain('cluster_state:ok');
      } finally {
        node.disconnect();
      }
    }
    const seed = new URL(nodes[0] ?? '');
    const client = new Cluster([{ host: seed.hostname, port: Number(seed.port) }]);
    try {
      const keys = Array.from({ length: 60 }, (_, n) => `container-test:{c:${n}}`);
      await Promise.all(keys.map((key, n) => client.set(key, String(n))));
      expect(await Promise.all(keys.map((key) => client.get(key)))).toEqual(keys.map((_, n) => String(n)));
      expect(
        client
          .nodes('master')
          .map((node) => `redis://${node.options.host}:${node.options.port}`)
          .sort(),
      ).toEqual([...nodes].sort());
    } finally {
      await client.quit();
    }
  });
});
