import { randomUUID } from 'node:crypto';

import type { Transaction } from '@fraud/contracts';
import { createRedisClient } from '@fraud/redis';
import { retry } from '@fraud/resilience';
import {
  parseClusterNodes,
  startLocalRedisCluster,
  waitUntil,
  type ClusterNode,
  type RedisClusterEndpoints,
  type RunningInfra,
} from '@fraud/testing';
import calculateSlot from 'cluster-key-slot';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

import { FeatureKeys } from '../redis/feature-keys.js';
import { FEATURE_LIBRARY_NAME, FEATURE_LIBRARY_VERSION } from '../redis/feature-library.js';
import { loadFeatureLibrary } from '../redis/load-feature-library.js';
import { ReplicaAckError, type ReplicaAcks } from '../redis/replica-acks.js';
import {
  playBatches,
  spreadBatches,
  stepAndSettle,
  windowsOn,
  SPREAD_PARTITIONS,
  type PartitionBatch,
} from '../test-support/spread-batches.js';
import { featureVector } from '../window/feature-vector.js';
import type { OnlineWindows, WindowStep } from './online-windows.js';

// A killed primary's replica is promoted once the cluster has missed it for
// its node timeout (5 s), and batches wait on that.
vi.setConfig({ hookTimeout: 120_000, testTimeout: 120_000 });

/** The feature engine's default `FEATURE_REDIS_CONNECTIONS`: it steps over 4 connections. */
const LANES = 4;

/** As the transport retries a failed batch handler, but capped at 1 s so the test does not idle. */
const BATCH_RETRY = { backoff: { initialMs: 100, maxMs: 1_000, multiplier: 2 }, maxAttempts: 60 };

/** What a transaction's vector is published with (TransactionFeatures): its features, and whether it was late. */
interface Published {
  readonly late: boolean;
  readonly features: Record<string, number>;
}

function published(transaction: Transaction, step: WindowStep): Published {
  return { late: step.card.late, features: featureVector(transaction, step.card, step.merchant) };
}

/**
 * The feature engine's consumer as far as the window state goes: each batch
 * stepped, published, settled; a batch that fails is retried whole, as the
 * transport retries a failed handler. It keeps the vector each transaction
 * was first published with, and the failures it retried.
 */
class Consumer {
  readonly first = new Map<string, Published>();
  readonly failures: unknown[] = [];

  /** Replaced to go on as another engine (its window state) with what was published so far. */
  constructor(public windows: OnlineWindows) {}

  async handle(batch: PartitionBatch): Promise<WindowStep[]> {
    return retry(
      () =>
        stepAndSettle(this.windows, batch, (steps) => {
          batch.transactions.forEach((transaction, index) => {
            const step = steps[index];
            if (step !== undefined && !this.first.has(transaction.transactionId)) {
              this.first.set(transaction.transactionId, published(transaction, step));
            }
          });
        }),
      {
        ...BATCH_RETRY,
        onRetry: (error) => {
          this.failures.push(error);
        },
      },
    );
  }

  /** What was first published for each transaction of `input`, in order (undefined for one never published). */
  publishedFor(input: readonly PartitionBatch[]): (Published | undefined)[] {
    return input.flatMap(({ transactions }) => transactions.map(({ transactionId }) => this.first.get(transactionId)));
  }
}

/** A connection of its own to one node, for the command at hand. */
async function onNode<T>(port: number, command: (node: Redis) => Promise<T>): Promise<T> {
  const node = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    return await command(node);
  } finally {
    node.disconnect();
  }
}

async function clusterNodes(port: number): Promise<ClusterNode[]> {
  return parseClusterNodes(await onNode(port, (node) => node.cluster('NODES') as Promise<string>));
}

/** A field of an INFO section, e.g. `process_id` of `server`. */
async function infoField(port: number, section: string, field: string): Promise<string> {
  const info = await onNode(port, (node) => node.info(section));
  const value = new RegExp(`^${field}:(.*)$`, 'm').exec(info)?.[1];
  if (value === undefined) throw new Error(`no ${field} in INFO ${section} of port ${port}`);
  return value.trim();
}

/**
 * Whether each of `observers` sees `port` as a primary serving slots, no
 * primary failing, and, if given, the node `follower` as its replica.
 */
async function servesSlots(port: number, observers: readonly number[], follower?: number): Promise<boolean> {
  const views = await Promise.all(observers.map(clusterNodes));
  return views.every((nodes) => {
    const node = nodes.find((candidate) => candidate.port === port);
    if (node?.role !== 'primary' || node.slots === 0) return false;
    if (nodes.some(({ role, failing, slots }) => role === 'primary' && failing && slots > 0)) return false;
    return follower === undefined || nodes.some((n) => n.port === follower && n.primaryId === node.id);
  });
}

/**
 * The primary that serves the most of the input's merchants (and some of its
 * cards) as the engine's client routes them, and its replica.
 */
async function shardHolding(
  client: Cluster,
  keys: FeatureKeys,
  input: readonly PartitionBatch[],
  anyPort: number,
): Promise<{ primary: ClusterNode; replica: ClusterNode; cards: number; merchants: number; cardTokens: Set<string> }> {
  const transactions = input.flatMap((batch) => batch.transactions);
  const ownerOf = (key: string) => client.slots[calculateSlot(key)]?.[0];
  const merchants = [...new Set(transactions.map(({ merchantId }) => ownerOf(keys.merchantMeta(merchantId))))];
  const nodes = await clusterNodes(anyPort);
  const hasReplica = (primary: ClusterNode) => nodes.some(({ primaryId }) => primaryId === primary.id);
  const counted = nodes
    .filter((node) => node.role === 'primary' && node.slots > 0 && hasReplica(node))
    .map((primary) => ({
      primary,
      merchants: new Set(
        transactions
          .filter(({ merchantId }) => ownerOf(keys.merchantMeta(merchantId)) === primary.address)
          .map(({ merchantId }) => merchantId),
      ).size,
      cardTokens: new Set(
        transactions
          .filter(({ cardToken }) => ownerOf(keys.card(cardToken)) === primary.address)
          .map(({ cardToken }) => cardToken),
      ),
    }))
    .sort((a, b) => b.merchants - a.merchants);
  const chosen = counted[0];
  const replica = nodes.find(({ role, primaryId }) => role === 'replica' && primaryId === chosen?.primary.id);
  if (chosen === undefined || replica === undefined || merchants.length === 0)
    throw new Error('no primary with a replica');
  return { ...chosen, cards: chosen.cardTokens.size, replica };
}

describe('the window state through a Redis Cluster failover', () => {
  let cluster: RunningInfra<RedisClusterEndpoints> | undefined;
  let single: Redis;
  const clients: Cluster[] = [];

  /** Ports of the nodes killed so far. */
  const killed = new Set<number>();
  /** Every running node's port, primaries and replicas. */
  const ports = () =>
    [...(cluster?.endpoints.redisClusterNodes ?? []), ...(cluster?.endpoints.redisClusterReplicas ?? [])]
      .map((url) => Number(new URL(url).port))
      .filter((port) => !killed.has(port));

  /**
   * A new engine's window state on the cluster, built as the feature engine
   * builds it: the services' cluster client from one seed node
   * (`createRedisClient`), 4 lanes (`RedisModule`), the library loaded at start.
   */
  async function engineOnCluster(
    namespace: string,
    replicaAcks?: ReplicaAcks,
  ): Promise<{ redis: Cluster; windows: OnlineWindows }> {
    // Seeded from a node still running: a primary may have been killed by an earlier test.
    const seed = [
      ...(cluster?.endpoints.redisClusterNodes ?? []),
      ...(cluster?.endpoints.redisClusterReplicas ?? []),
    ].find((url) => !killed.has(Number(new URL(url).port)));
    if (seed === undefined) throw new Error('no cluster');
    const redis = createRedisClient(seed, { cluster: true }) as Cluster;
    const lanes = [redis, ...Array.from({ length: LANES - 1 }, () => redis.duplicate())];
    clients.push(...lanes);
    // Errors surface on commands (a node killed on purpose): the clients' own events would fail the run.
    for (const lane of lanes) lane.on('error', () => undefined);
    await Promise.all(lanes.map((lane) => lane.connect()));
    await loadFeatureLibrary(redis);
    return { redis, windows: windowsOn(redis, namespace, lanes, replicaAcks) };
  }

  beforeAll(async () => {
    single = new Redis(inject('infra').redisUrl);
    await loadFeatureLibrary(single);
    cluster = await startLocalRedisCluster({ replicasPerPrimary: 1 });
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    single.disconnect();
    await cluster?.stop();
  });

  it('a coordinated failover under a stream of batches loses nothing and counts nothing twice', async () => {
    const namespace = `failover-${randomUUID().slice(0, 8)}:`;
    const keys = new FeatureKeys(namespace);
    const { redis, windows } = await engineOnCluster(namespace);
    const consumer = new Consumer(windows);
    // Minutes of 3 partitions: 2 before the failover, as many as are stepped until it is over (200 at
    // most: then the stream waits for it), 1 after it.
    const stream = spreadBatches(203);
    const before = stream.slice(0, 2 * SPREAD_PARTITIONS);
    for (const batch of before) await consumer.handle(batch);

    const { primary, replica, cards, merchants } = await shardHolding(redis, keys, stream, ports()[0] ?? 0);
    expect(cards).toBeGreaterThan(0);
    expect(merchants).toBeGreaterThan(0);
    // Nothing loads a library on a replica: it has the functions by replication.
    expect(
      await onNode(replica.port, (node) => node.function('LIST', 'LIBRARYNAME', FEATURE_LIBRARY_NAME)),
    ).toHaveLength(1);

    // CLUSTER FAILOVER: the primary stops writes, its replica catches up and takes its slots over.
    // Set by the failover's task, read between batches.
    const failover = { over: false };
    const failoverAt = Date.now();
    let promotedAfterMs = 0;
    const promoted = (async () => {
      try {
        expect(await onNode(replica.port, (node) => node.cluster('FAILOVER'))).toBe('OK');
        await waitUntil(() => servesSlots(replica.port, ports(), primary.port), {
          description: `the replica on port ${replica.port} to serve its primary's slots, and the primary to follow it`,
          timeoutMs: 30_000,
        });
        promotedAfterMs = Date.now() - failoverAt;
      } finally {
        failover.over = true;
      }
    })();
    let next = before.length;
    while ((!failover.over || next % SPREAD_PARTITIONS !== 0) && next < stream.length - SPREAD_PARTITIONS) {
      await consumer.handle(stream[next]!);
      next++;
    }
    const steppedMs = Date.now() - failoverAt;
    await promoted;
    const during = stream.slice(before.length, next);
    const after = stream.slice(next, next + SPREAD_PARTITIONS);
    for (const batch of after) await consumer.handle(batch);
    const input = stream.slice(0, next + SPREAD_PARTITIONS);
    expect(during.length).toBeGreaterThan(0);

    // The old primary follows the new one; the new one serves the library it had as a replica.
    const nodes = await clusterNodes(replica.port);
    expect(nodes.find(({ port }) => port === primary.port)).toMatchObject({ role: 'replica', primaryId: replica.id });
    expect(await onNode(replica.port, (node) => node.fcall('fraud_features_version', 0))).toBe(FEATURE_LIBRARY_VERSION);
    process.stderr.write(
      `coordinated failover: promoted after ${promotedAfterMs} ms, ${during.length} batches stepped meanwhile in ${steppedMs} ms, ${consumer.failures.length} batch(es) retried\n`,
    );

    // Every transaction published once with what one Redis gives the same stream: a card's nth batch counts it n times.
    const onOne = await playBatches(single, namespace, input);
    const transactions = input.flatMap((batch) => batch.transactions);
    expect(consumer.publishedFor(input)).toEqual(
      transactions.map((transaction, i) => published(transaction, onOne[i]!)),
    );
    expect(consumer.publishedFor(input).map((vector) => vector?.features.card_txn_count_7d)).toEqual(
      input.flatMap(({ transactions: batch }, i) => batch.map(() => Math.floor(i / SPREAD_PARTITIONS) + 1)),
    );

    // The last batch stepped while the failover ran, redelivered after it (to this engine, and to one that
    // starts now, its cache empty): its transactions are duplicates, with the features they were first
    // published with. (Within the allowed lateness, 5 minutes of event time: an older one would be late.)
    const redelivered = during[during.length - 1]!;
    const { windows: restarted } = await engineOnCluster(namespace);
    for (const engine of [consumer, new Consumer(restarted)]) {
      const steps = await engine.handle(redelivered);
      expect(steps.map(({ card, merchant }) => [card.duplicate, merchant.duplicate])).toEqual(
        steps.map(() => [true, true]),
      );
      expect(redelivered.transactions.map((transaction, i) => published(transaction, steps[i]!))).toEqual(
        consumer.publishedFor([redelivered]),
      );
    }
  });

  /**
   * A primary lost with a batch's writes its replica never received: the
   * replica is stopped and the primary drops its replication link (so the
   * writes are not even in the replica's socket), the batch is stepped, the
   * primary is killed, and the replica, resumed, is promoted without them.
   * Then the stream goes on, on an engine without acknowledgements (the
   * promoted primary has no replica left to acknowledge anything). Resolves
   * with what was published, and the first attempt at the lost batch.
   */
  async function loseABatchInAFailover(
    replicaAcks: ReplicaAcks | undefined,
  ): Promise<{ consumer: Consumer; input: PartitionBatch[]; lostAttempt: unknown; cardTokens: Set<string> }> {
    const namespace = `lost-${randomUUID().slice(0, 8)}:`;
    const keys = new FeatureKeys(namespace);
    const { redis, windows } = await engineOnCluster(namespace, replicaAcks);
    const consumer = new Consumer(windows);
    const input = spreadBatches(4);
    const before = input.slice(0, 2 * SPREAD_PARTITIONS);
    const after = input.slice(2 * SPREAD_PARTITIONS);
    for (const batch of before) await consumer.handle(batch);

    const { primary, replica, cardTokens } = await shardHolding(redis, keys, input, ports()[0] ?? 0);
    const primaryPid = Number(await infoField(primary.port, 'server', 'process_id'));
    const replicaPid = Number(await infoField(replica.port, 'server', 'process_id'));
    await waitUntil(
      async () =>
        Number(await infoField(replica.port, 'replication', 'slave_repl_offset')) >=
        Number(await infoField(primary.port, 'replication', 'master_repl_offset')),
      { description: `the replica on port ${replica.port} to have every write so far`, timeoutMs: 10_000 },
    );
    let lostAttempt: unknown;
    process.kill(replicaPid, 'SIGSTOP');
    try {
      await onNode(primary.port, (node) => node.call('CLIENT', 'KILL', 'TYPE', 'replica'));
      lostAttempt = await stepAndSettle(consumer.windows, after[0]!, (steps) => {
        after[0]!.transactions.forEach((transaction, index) => {
          consumer.first.set(transaction.transactionId, published(transaction, steps[index]!));
        });
      }).catch((error: unknown) => error);
      process.kill(primaryPid, 'SIGKILL');
      killed.add(primary.port);
    } finally {
      process.kill(replicaPid, 'SIGCONT');
    }
    const survivors = ports();
    await waitUntil(() => servesSlots(replica.port, survivors), {
      description: `the replica on port ${replica.port} to serve the killed primary's slots`,
      timeoutMs: 30_000,
    });
    consumer.windows = (await engineOnCluster(namespace)).windows;
    // The batch first tried while the replica was stopped, redelivered unless it was committed.
    const redelivery = lostAttempt instanceof Error ? after : after.slice(1);
    for (const batch of redelivery) await consumer.handle(batch);
    return { consumer, input, lostAttempt, cardTokens };
  }

  it('FEATURE_REPLICA_ACKS: a batch whose writes a replica does not hold is not committed, so a failover then loses nothing', async () => {
    const { consumer, input, lostAttempt } = await loseABatchInAFailover({ replicas: 1, timeoutMs: 300 });
    expect(lostAttempt).toBeInstanceOf(ReplicaAckError);
    expect((lostAttempt as Error).message).toMatch(/on 0 of 1 replica\(s\) within 300 ms/);

    // Redelivered after the failover and stepped anew: every transaction as one Redis gives the stream.
    const namespace = `lost-reference-${randomUUID().slice(0, 8)}:`;
    const onOne = await playBatches(single, namespace, input);
    const transactions = input.flatMap((batch) => batch.transactions);
    expect(consumer.publishedFor(input)).toEqual(
      transactions.map((transaction, i) => published(transaction, onOne[i]!)),
    );
  });

  it('without replica acknowledgements, the same failover loses a committed batch of the cards the primary held', async () => {
    const { consumer, input, lostAttempt, cardTokens } = await loseABatchInAFailover(undefined);
    expect(lostAttempt).toBeInstanceOf(Array);
    // Partition 0's batch of minute 3 counts each card's 4th transaction; the cards whose state the killed
    // primary held lost their 3rd (minute 2's batch, committed, never replicated) and count 3.
    const next = input[3 * SPREAD_PARTITIONS]!;
    expect(next.partition).toBe('0');
    const lost = next.transactions.filter(({ cardToken }) => cardTokens.has(cardToken));
    expect(lost.length).toBeGreaterThan(0);
    expect(consumer.publishedFor([next]).map((vector) => vector?.features.card_txn_count_7d)).toEqual(
      next.transactions.map(({ cardToken }) => (cardTokens.has(cardToken) ? 3 : 4)),
    );
  });

  it('a primary killed: batches fail until its replica is promoted, are retried, and go on against it', async () => {
    const namespace = `killed-${randomUUID().slice(0, 8)}:`;
    const keys = new FeatureKeys(namespace);
    const { redis, windows } = await engineOnCluster(namespace);
    const consumer = new Consumer(windows);
    const input = spreadBatches(5);
    const before = input.slice(0, 2 * SPREAD_PARTITIONS);
    const after = input.slice(2 * SPREAD_PARTITIONS);
    for (const batch of before) await consumer.handle(batch);

    const { primary, replica } = await shardHolding(redis, keys, input, ports()[0] ?? 0);
    const pid = Number(await infoField(primary.port, 'server', 'process_id'));
    expect(cluster?.pids).toContain(pid);
    // Killed at a batch boundary once its replica has every write (the tests
    // above lose writes on purpose): what this shows is that the engine's
    // calls are routed again and retried until the replica serves, without
    // counting a retried batch twice.
    await waitUntil(
      async () =>
        Number(await infoField(replica.port, 'replication', 'slave_repl_offset')) >=
        Number(await infoField(primary.port, 'replication', 'master_repl_offset')),
      { description: `the replica on port ${replica.port} to have every write of its primary`, timeoutMs: 10_000 },
    );
    process.kill(pid, 'SIGKILL');
    killed.add(primary.port);
    const killedAt = Date.now();

    const survivors = ports();
    for (const batch of after) await consumer.handle(batch);
    const resumedAfterMs = Date.now() - killedAt;
    await waitUntil(() => servesSlots(replica.port, survivors), {
      description: `the replica on port ${replica.port} to serve the killed primary's slots`,
      timeoutMs: 30_000,
    });
    process.stderr.write(
      `primary killed: ${consumer.failures.length} batch attempt(s) failed and were retried; all ${after.length} batches done ${resumedAfterMs} ms after the kill\n`,
    );
    // The first batches after the kill failed while the slots had no primary (node timeout 5 s).
    expect(consumer.failures.length).toBeGreaterThan(0);

    // Every transaction got a result, the one one Redis gives the same stream.
    const onOne = await playBatches(single, namespace, input);
    const transactions = input.flatMap((batch) => batch.transactions);
    expect(consumer.publishedFor(input)).toEqual(
      transactions.map((transaction, i) => published(transaction, onOne[i]!)),
    );

    // A batch of before the kill, redelivered: duplicates with their first features.
    const redelivered = before[before.length - 1]!;
    const steps = await consumer.handle(redelivered);
    expect(steps.every(({ card, merchant }) => card.duplicate && merchant.duplicate)).toBe(true);
    expect(redelivered.transactions.map((transaction, i) => published(transaction, steps[i]!))).toEqual(
      consumer.publishedFor([redelivered]),
    );
  });
});
