import { createHash, randomUUID } from 'node:crypto';

import { exampleTransaction, type Transaction } from '@fraud/contracts';
import { startLocalRedisCluster, type RedisClusterEndpoints, type RunningInfra } from '@fraud/testing';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

import { FeatureKeys } from '../redis/feature-keys.js';
import { FEATURE_LIBRARY_NAME } from '../redis/feature-library.js';
import { loadFeatureLibrary, type FeatureRedis } from '../redis/load-feature-library.js';
import { RedisWindowStore } from '../redis/redis-window-store.js';
import { DEFAULT_WINDOW_CONFIG } from '../window/window-config.js';
import { OnlineWindows, type WindowStep } from './online-windows.js';

vi.setConfig({ hookTimeout: 60_000 });

const START = Date.parse('2026-03-01T12:00:00.000Z');
const PARTITIONS = 3;

/** Batches of 3 partitions: 60 cards (20 a partition) over 7 merchants, each card every minute. */
function batches(minutes: number, offset = 0): { partition: string; transactions: Transaction[] }[] {
  const out: { partition: string; transactions: Transaction[] }[] = [];
  for (let minute = offset; minute < offset + minutes; minute++) {
    for (let partition = 0; partition < PARTITIONS; partition++) {
      out.push({
        partition: String(partition),
        transactions: Array.from({ length: 20 }, (_, n) => {
          const card = partition * 20 + n;
          return {
            ...exampleTransaction,
            transactionId: randomUUID(),
            cardToken: createHash('sha256').update(`cluster-card-${card}`).digest('hex'),
            merchantId: `cluster-merchant-${(card + minute) % 7}`,
            timestamp: new Date(START + minute * 60_000 + card * 100).toISOString(),
            amountMinor: 1_000 + card + minute,
          };
        }),
      });
    }
  }
  return out;
}

/** Plays the batches through a new engine's window state on `redis`, settling each: every step, in order. */
async function play(redis: FeatureRedis, namespace: string, input: ReturnType<typeof batches>): Promise<WindowStep[]> {
  const windows = new OnlineWindows(new RedisWindowStore(redis, DEFAULT_WINDOW_CONFIG, new FeatureKeys(namespace)), {
    cachedCards: 1_000,
    partitionIdleMs: 60_000,
  });
  const steps: WindowStep[] = [];
  for (const { partition, transactions } of input) {
    const records = transactions.map((transaction) => ({ transaction }));
    const stepped = await windows.step('transactions', partition, records);
    await windows.settle('transactions', partition, records, stepped);
    steps.push(...stepped.steps);
  }
  return steps;
}

describe('the window state on a Redis Cluster', () => {
  let cluster: RunningInfra<RedisClusterEndpoints>;
  let client: Cluster;
  let single: Redis;
  const nodes: Redis[] = [];

  beforeAll(async () => {
    cluster = await startLocalRedisCluster();
    const seeds = cluster.endpoints.redisClusterNodes.map((url) => new URL(url));
    client = new Cluster(
      seeds.map((url) => ({ host: url.hostname, port: Number(url.port) })),
      { enableAutoPipelining: true },
    );
    for (const url of seeds) nodes.push(new Redis(Number(url.port), url.hostname));
    single = new Redis(inject('infra').redisUrl, { enableAutoPipelining: true });
    await Promise.all([loadFeatureLibrary(client), loadFeatureLibrary(single)]);
  });

  afterAll(async () => {
    await Promise.all([client.quit(), single.quit(), ...nodes.map((node) => node.quit())]);
    await cluster.stop();
  });

  it('loads the library on every primary', async () => {
    const libraries = await Promise.all(
      nodes.map((node) => node.function('LIST', 'LIBRARYNAME', FEATURE_LIBRARY_NAME)),
    );
    expect(libraries.map((list) => list.length)).toEqual([1, 1, 1]);
  });

  it('computes what one Redis computes, every call within one slot, the state spread over every primary', async () => {
    const input = batches(4);
    const namespace = `cluster-${randomUUID().slice(0, 8)}:`;
    const [onCluster, onOne] = await Promise.all([play(client, namespace, input), play(single, namespace, input)]);
    expect(onCluster).toEqual(onOne);
    expect(onCluster.map(({ card }) => card.aggregates.count)).toEqual(
      input.flatMap(({ transactions }, i) => transactions.map(() => Math.floor(i / PARTITIONS) + 1)),
    );
    expect(Math.max(...onCluster.map(({ merchant }) => merchant.count))).toBeGreaterThan(20);
    const sizes = await Promise.all(nodes.map((node) => node.dbsize()));
    for (const size of sizes) expect(size).toBeGreaterThan(20);
  });

  it('loads the library again on a primary that lost it, and goes on', async () => {
    const namespace = `cluster-reload-${randomUUID().slice(0, 8)}:`;
    await Promise.all(nodes.map((node) => node.function('FLUSH')));
    const input = batches(2);
    const [onCluster, onOne] = await Promise.all([play(client, namespace, input), play(single, namespace, input)]);
    expect(onCluster).toEqual(onOne);
    const libraries = await Promise.all(
      nodes.map((node) => node.function('LIST', 'LIBRARYNAME', FEATURE_LIBRARY_NAME)),
    );
    expect(libraries.map((list) => list.length)).toEqual([1, 1, 1]);
  });
});
