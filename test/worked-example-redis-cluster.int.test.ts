import {
  deadLetterCounts,
  drainPipeline,
  observePipeline,
  runFigures,
  startPipeline,
  startSimulation,
  type RunFigures,
} from '@fraud/demo';
import {
  startLocalRedisCluster,
  uniqueStreamPrefix,
  type RedisClusterEndpoints,
  type RunningInfra,
} from '@fraud/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 300_000 });

// A count, whatever rate the machine sustains: a few dozen alerted cards at fraud ×20.
const SIMULATION = { rate: 200, count: 1_500, seed: 1, customers: 2_000, fraudMultiplier: 20 };

/** Every key of `prefix` on one Redis, by family: the key with its prefix dropped and its hash tag as `{…}`. */
async function keyFamilies(url: string, prefix: string): Promise<Map<string, number>> {
  const node = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const families = new Map<string, number>();
  try {
    await node.connect();
    for await (const keys of node.scanStream({ match: `${prefix}*`, count: 1_000 })) {
      for (const key of keys as string[]) {
        const family = key.slice(prefix.length).replace(/\{[^}]*\}/, '{…}');
        families.set(family, (families.get(family) ?? 0) + 1);
      }
    }
  } finally {
    node.disconnect();
  }
  return families;
}

describe('the worked example on a 3-primary Redis Cluster (REDIS_CLUSTER=true)', () => {
  const infra = inject('infra');
  const streamPrefix = uniqueStreamPrefix('e2e-cluster');
  let cluster: RunningInfra<RedisClusterEndpoints>;
  let figures: RunFigures;
  let deadLetters: Record<string, number>;
  /** Per primary, its keys of this run by family. */
  let onPrimaries: Map<string, number>[];
  let onSingleRedis: Map<string, number>;

  beforeAll(async () => {
    cluster = await startLocalRedisCluster();
    const nodes = cluster.endpoints.redisClusterNodes;
    // The shared stack with the cluster beside its Redis, as `startInfraStack({ redisCluster: true })` gives it.
    const stack = {
      env: { ...inject('infraEnv'), REDIS_CLUSTER_URL: nodes[0] ?? '', REDIS_CLUSTER_NODES: nodes.join(',') },
      endpoints: { ...infra, redisClusterNodes: nodes },
    };
    const pipeline = await startPipeline(stack, {
      transport: 'kafka',
      streamPrefix,
      partitions: 4,
      redisCluster: true,
    });
    try {
      const watch = await observePipeline(stack, pipeline);
      try {
        const simulation = await startSimulation(pipeline.settings, SIMULATION);
        await simulation.finished;
        await drainPipeline(pipeline, watch);
        figures = runFigures(watch.observations);
        deadLetters = await deadLetterCounts('kafka', infra, pipeline.names);
      } finally {
        await watch.stop();
      }
    } finally {
      await pipeline.stop();
    }
    onPrimaries = await Promise.all(nodes.map((url) => keyFamilies(url, streamPrefix)));
    onSingleRedis = await keyFamilies(infra.redisUrl, streamPrefix);
  });

  afterAll(async () => {
    await cluster.stop();
  });

  it('scores every transaction exactly once, raises alerts and dead-letters nothing', () => {
    expect(figures.delivery).toMatchObject({
      transactions: SIMULATION.count,
      scores: { scored: SIMULATION.count, missing: 0, repeated: 0 },
    });
    expect(figures.delivery.alerts.alerts).toBeGreaterThan(0);
    expect(figures.delivery.alerts).toMatchObject({ repeatedRevisions: 0, missingNotices: 0, repeatedNotices: 0 });
    expect(Object.values(deadLetters).every((count) => count === 0)).toBe(true);
  });

  it('keeps every service’s per-card state on each of the three primaries, and none on the single Redis', () => {
    expect(onSingleRedis).toEqual(new Map());
    expect(onPrimaries).toHaveLength(3);
    for (const families of onPrimaries) {
      // The feature engine's card windows, and the cards inference and alerting handled (idempotency).
      expect(families.get('fe:{…}:w')).toBeGreaterThan(0);
      expect(families.get('inference:done:{…}')).toBeGreaterThan(0);
      expect(families.get('alerting:done:{…}')).toBeGreaterThan(0);
    }
    // Alerting's open alerts, one per alerted card.
    const openAlerts = onPrimaries.reduce((sum, families) => sum + (families.get('alerting:open:{…}') ?? 0), 0);
    expect(openAlerts).toBe(figures.delivery.alerts.cards);
  });
});
