import { createHash, randomUUID } from 'node:crypto';

import { startLocalRedisCluster, type RedisClusterEndpoints, type RunningInfra } from '@fraud/testing';
import calculateSlot from 'cluster-key-slot';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

import { FeatureKeys } from '../redis/feature-keys.js';
import { FEATURE_LIBRARY_NAME } from '../redis/feature-library.js';
import { loadFeatureLibrary } from '../redis/load-feature-library.js';
import { playBatches, spreadBatches, SPREAD_PARTITIONS } from '../test-support/spread-batches.js';

vi.setConfig({ hookTimeout: 60_000 });

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
    const input = spreadBatches(4);
    const namespace = `cluster-${randomUUID().slice(0, 8)}:`;
    const [onCluster, onOne] = await Promise.all([
      playBatches(client, namespace, input),
      playBatches(single, namespace, input),
    ]);
    expect(onCluster).toEqual(onOne);
    expect(onCluster.map(({ card }) => card.aggregates.count)).toEqual(
      input.flatMap(({ transactions }, i) => transactions.map(() => Math.floor(i / SPREAD_PARTITIONS) + 1)),
    );
    expect(Math.max(...onCluster.map(({ merchant }) => merchant.count))).toBeGreaterThan(20);
    const sizes = await Promise.all(nodes.map((node) => node.dbsize()));
    for (const size of sizes) expect(size).toBeGreaterThan(20);
  });

  it("writes a batch's cards and steps its merchants in one call per primary (and per chunk)", async () => {
    const namespace = `cluster-calls-${randomUUID().slice(0, 8)}:`;
    const calls = new Map<string, number>();
    const count = (name: unknown) => calls.set(String(name), (calls.get(String(name)) ?? 0) + 1);
    const input = spreadBatches(2);
    const recorded = client.nodes('master').map((node) => {
      const original = node.fcall.bind(node);
      return vi.spyOn(node, 'fcall').mockImplementation((...args: Parameters<Redis['fcall']>) => {
        count(args[0]);
        return original(...args);
      });
    });
    try {
      await playBatches(client, namespace, input);
    } finally {
      for (const spy of recorded) spy.mockRestore();
    }
    // 6 batches of 20 cards and their merchants, each spread over 3 primaries.
    for (const name of ['fraud_card_put_many', 'fraud_merchant_batches', 'fraud_release_cards']) {
      expect(calls.get(name)).toBeGreaterThanOrEqual(input.length);
      expect(calls.get(name)).toBeLessThanOrEqual(input.length * 3);
    }
  });

  it('refuses a call with a key another primary serves, having written nothing', async () => {
    const keys = new FeatureKeys(`cluster-foreign-${randomUUID().slice(0, 8)}:`);
    const [first, second] = client.nodes('master');
    if (first === undefined || second === undefined) throw new Error('fewer than 2 primaries');
    const served = async (node: Redis) => {
      const address = `${node.options.host}:${node.options.port}`;
      for (let i = 0; ; i++) {
        const token = `card-${i}`;
        const slot = await node.cluster('KEYSLOT', keys.card(token));
        if (client.slots[slot]?.[0] === address) return token;
      }
    };
    const [own, foreign] = [await served(first), await served(second)];
    const card = (token: string) => [keys.card(token), keys.cardDays(token), '', 'v.1\n', ''];
    await expect(first.fcall('fraud_card_put_many', 0, 1_000, ...card(own), ...card(foreign))).rejects.toThrow(
      /non local key/,
    );
    expect(await client.get(keys.card(own))).toBeNull();
    expect(await first.fcall('fraud_card_put_many', 0, 1_000, ...card(own))).toEqual([1]);
  });

  it("routes a call again where a slot moved since the client learned the cluster's slots", async () => {
    const namespace = `cluster-moved-${randomUUID().slice(0, 8)}:`;
    const keys = new FeatureKeys(namespace);
    // Cards and merchants of their own: hash tags leave the namespace out, and other tests' cards fill their slots.
    const input = spreadBatches(2).map(({ partition, transactions }) => ({
      partition,
      transactions: transactions.map((transaction) => ({
        ...transaction,
        cardToken: createHash('sha256')
          .update(namespace + transaction.cardToken)
          .digest('hex'),
        merchantId: namespace + transaction.merchantId,
      })),
    }));
    const transactions = input.flatMap((batch) => batch.transactions);
    // A card's and a merchant's slots of the input that hold no key yet, handed to another primary.
    const ids = new Map(
      await Promise.all(
        nodes.map(async (node) => [`127.0.0.1:${node.options.port}`, await node.cluster('MYID')] as const),
      ),
    );
    const emptySlotOf = async (candidates: string[]) => {
      for (const key of candidates) {
        const slot = calculateSlot(key);
        const owner = nodes.find((node) => `127.0.0.1:${node.options.port}` === client.slots[slot]?.[0]);
        if (owner !== undefined && (await owner.cluster('COUNTKEYSINSLOT', slot)) === 0) return slot;
      }
      throw new Error('no key of the input in an empty slot');
    };
    const slots = [
      await emptySlotOf(transactions.map(({ cardToken }) => keys.card(cardToken))),
      await emptySlotOf(transactions.map(({ merchantId }) => keys.merchantMeta(merchantId))),
    ];
    const moved = slots.map((slot) => {
      const owner = client.slots[slot]?.[0];
      const target = [...ids.keys()].find((address) => address !== owner);
      if (target === undefined) throw new Error('no other primary');
      return { slot, target: ids.get(target) ?? '' };
    });
    for (const { slot, target } of moved) {
      for (const node of nodes) await node.cluster('SETSLOT', slot, 'NODE', target);
    }
    const stale = moved.map(({ slot }) => client.slots[slot]?.[0]);
    const onCluster = await playBatches(client, namespace, input);
    expect(onCluster).toEqual(await playBatches(single, namespace, input));
    const owners = moved.map(({ target }) => [...ids].find(([, id]) => id === target)?.[0]);
    expect(moved.map(({ slot }) => client.slots[slot]?.[0])).toEqual(owners);
    expect(owners).not.toEqual(stale);
  });

  it('loads the library again on a primary that lost it, and goes on', async () => {
    const namespace = `cluster-reload-${randomUUID().slice(0, 8)}:`;
    await Promise.all(nodes.map((node) => node.function('FLUSH')));
    const input = spreadBatches(2);
    const [onCluster, onOne] = await Promise.all([
      playBatches(client, namespace, input),
      playBatches(single, namespace, input),
    ]);
    expect(onCluster).toEqual(onOne);
    const libraries = await Promise.all(
      nodes.map((node) => node.function('LIST', 'LIBRARYNAME', FEATURE_LIBRARY_NAME)),
    );
    expect(libraries.map((list) => list.length)).toEqual([1, 1, 1]);
  });
});
