import type { Redis } from 'ioredis';

import type { ConfirmedFraud } from '../window/confirmed-fraud.js';
import type { PartitionProgress } from '../window/low-watermark.js';
import type { MerchantStepResult } from '../window/step-results.js';
import { stateTtlMs, type WindowConfig } from '../window/window-config.js';
import { CARD_HISTORY } from '../window/card-history.js';
import { versionOf, type EncodedCardState } from './card-state-codec.js';
import { FeatureKeys } from './feature-keys.js';
import { isFunctionMissing, loadFeatureLibrary, type FeatureRedis } from './load-feature-library.js';
import { chunksOf, connectionTo, groupByNode, refreshSlots } from './node-groups.js';
import { confirmReplicas, NO_REPLICA_ACKS, waitForReplicas, type ReplicaAcks } from './replica-acks.js';
import { merchantBatchesCall, merchantWindowKeys, type MerchantSteps, type StepCall } from './step-calls.js';

/**
 * A card's state as Redis holds it (card-state-codec.ts): its encoded window
 * state (null for none) and days, and the version a write of it is fenced by
 * ('' for none).
 */
export interface StoredCard {
  readonly window: Buffer | null;
  readonly days: Buffer | null;
  readonly version: string;
}

/** A card's next state, encoded, written only if Redis still holds the version it was computed from. */
export interface CardWrite {
  readonly cardToken: string;
  readonly readVersion: string;
  readonly state: EncodedCardState;
}

interface BufferFcall {
  fcallBuffer(name: string, keyCount: number, ...args: string[]): Promise<unknown>;
}

/** A merchant step's reply: duplicate, late, count, count 1d, frauds 1d, count 7d, frauds 7d. */
const MERCHANT_REPLY_FIELDS = 7;

function merchantResults(reply: readonly number[], from: number, steps: number): MerchantStepResult[] {
  return Array.from({ length: steps }, (_, index) => {
    const at = from + index * MERCHANT_REPLY_FIELDS;
    return {
      duplicate: reply[at] === 1,
      late: reply[at + 1] === 1,
      count: reply[at + 2] ?? 0,
      feedback: {
        count1d: reply[at + 3] ?? 0,
        frauds1d: reply[at + 4] ?? 0,
        count7d: reply[at + 5] ?? 0,
        frauds7d: reply[at + 6] ?? 0,
      },
    };
  });
}

/** Cards per write call, and merchants' transactions per step call: a call keeps Redis from anything else while it runs. */
const CARDS_PER_CALL = 128;
const MERCHANT_STEPS_PER_CALL = 512;

/** Keys per release call: a few hundred PEXPIREs keep a call well under a millisecond. */
const RELEASE_KEYS_PER_CALL = 384;

/** Routings of a call's items on a cluster, each after learning the slots anew, before the call fails. */
const ROUTING_ATTEMPTS = 3;

/**
 * The window state in Redis (docs/window-features.md): cards read and
 * written whole, fenced by version; merchants stepped a batch at a time,
 * atomically; partitions' watermarks.
 *
 * A call's chunks for one node go over several connections (`stepLanes`,
 * the first being `redis`; on a cluster, several cluster clients): ioredis
 * auto-pipelines one batch of commands at a time per connection, so with
 * one connection the engine waits idle while Redis runs a large batch, and
 * Redis while the engine prepares the next. The first chunk always takes the
 * first lane, so the calls of small batches (one chunk each), whichever
 * partition they come from, share one connection, and ioredis sends what
 * they issue together in one socket write: at low rates a socket round trip
 * costs the engine more CPU than the work it carries.
 *
 * With `replicaAcks`, every call that writes is followed on its connection
 * by a `WAIT` for that many replicas, and resolves only once they hold its
 * writes: a batch is then committed only with its state on the replicas, and
 * a failover cannot take back what a committed batch wrote.
 */
export class RedisWindowStore {
  private readonly ttlMs: number;
  private readonly lanes: readonly FeatureRedis[];
  /** Library loads after a call found a function missing: a call made again then was sent after its WAIT. */
  private libraryReloads = 0;

  constructor(
    private readonly redis: FeatureRedis,
    readonly config: WindowConfig,
    private readonly keys = new FeatureKeys(),
    stepLanes: readonly FeatureRedis[] = [redis],
    private readonly replicaAcks: ReplicaAcks = NO_REPLICA_ACKS,
  ) {
    this.ttlMs = stateTtlMs(config);
    this.lanes = stepLanes.length === 0 ? [redis] : stepLanes;
  }

  /** The lane of a call's `index`th chunk for a node. */
  private laneOf(index: number): FeatureRedis {
    const lane = this.lanes[index % this.lanes.length];
    if (lane === undefined) throw new RangeError(`no lane ${index}`);
    return lane;
  }

  /**
   * A call of the library. A node without it (a primary promoted or added
   * since the engine started, or flushed) gets it loaded, and the call is
   * made again.
   */
  private async withLibrary<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!isFunctionMissing(error)) throw error;
      this.libraryReloads++;
      await loadFeatureLibrary(this.redis);
      return call();
    }
  }

  private fcall(client: FeatureRedis, ...call: StepCall): Promise<unknown> {
    return this.withLibrary(() => client.fcall(...call));
  }

  /** An FCALL whose reply keeps its bulk strings as bytes. */
  private callBuffer(node: FeatureRedis, name: string, args: readonly string[]): Promise<unknown> {
    // ioredis has fcallBuffer at run time, not in its types; its callBuffer loses the command under auto-pipelining.
    return this.withLibrary(() => (node as unknown as BufferFcall).fcallBuffer(name, 0, ...args));
  }

  /** The cards' states, in one call per node (and chunk). */
  async loadCards(cardTokens: readonly string[]): Promise<Map<string, StoredCard>> {
    const read = await this.perNode(
      cardTokens,
      (token) => this.keys.card(token),
      CARDS_PER_CALL,
      () => 1,
      async (node, chunk) => {
        const keys = chunk.flatMap((token) => [this.keys.card(token), this.keys.cardDays(token)]);
        const reply = (await this.callBuffer(node, 'fraud_card_get_many', keys)) as (Buffer | null)[];
        return chunk.map((_, index) => {
          const window = reply[2 * index] ?? null;
          return { window, days: reply[2 * index + 1] ?? null, version: versionOf(window) };
        });
      },
    );
    return new Map(cardTokens.map((token, index) => [token, read[index] as StoredCard]));
  }

  /** Writes each card whose stored version is still the one read; resolves with the tokens of those refused. */
  async putCards(writes: readonly CardWrite[]): Promise<string[]> {
    const written = await this.perNode(
      writes,
      ({ cardToken }) => this.keys.card(cardToken),
      CARDS_PER_CALL,
      () => 1,
      async (node, chunk) => {
        const args: (string | number | Buffer)[] = [CARD_HISTORY.ttlMs];
        for (const { cardToken, readVersion, state } of chunk) {
          args.push(this.keys.card(cardToken), this.keys.cardDays(cardToken), readVersion, state.window, state.days);
        }
        const reply = (await this.fcall(node, 'fraud_card_put_many', 0, ...args)) as number[];
        return reply.map((put) => put === 1);
      },
      true,
    );
    return writes.filter((_, index) => !written[index]).map(({ cardToken }) => cardToken);
  }

  /**
   * Each merchant's transactions of a batch of `partition`, in partition
   * order, atomically per merchant; resolves with their results, merchant
   * after merchant as given.
   */
  async merchantSteps(
    merchants: readonly MerchantSteps[],
    partition: string,
    lowWatermarkMs: number | undefined,
  ): Promise<MerchantStepResult[][]> {
    return this.perNode(
      merchants,
      ({ merchantId }) => this.keys.merchantMeta(merchantId),
      MERCHANT_STEPS_PER_CALL,
      ({ steps }) => steps.length,
      async (node, chunk) => {
        const call = merchantBatchesCall(this.keys, this.config, chunk, partition, lowWatermarkMs);
        const reply = (await this.fcall(node, ...call)) as number[];
        let at = 0;
        return chunk.map(({ steps }) => {
          const results = merchantResults(reply, at, steps.length);
          at += steps.length * MERCHANT_REPLY_FIELDS;
          return results;
        });
      },
      true,
    );
  }

  /** A confirmed fraud, counted once for its merchant; resolves with whether it was counted (not a repeat, not too old). */
  async confirm(confirmation: ConfirmedFraud): Promise<boolean> {
    const key = this.keys.merchantDays(confirmation.merchantId);
    const counted = await this.writeOne(key, (node) =>
      this.fcall(
        node,
        'fraud_merchant_confirm',
        1,
        key,
        confirmation.transactionId,
        Date.parse(confirmation.timestamp),
      ),
    );
    return counted === 1;
  }

  /**
   * Once a batch's outputs are published, and before it is committed: starts
   * the TTL of the cards it touched, and of its merchants unless another
   * partition has uncommitted work on them. Until then their state has no
   * TTL, so records redelivered after an outage of any length still find
   * their transactionIds (docs/window-features.md).
   */
  async release(partition: string, batch: readonly { cardToken: string; merchantId: string }[]): Promise<void> {
    const cards = [...new Set(batch.map((record) => record.cardToken))];
    const merchants = [...new Set(batch.map((record) => record.merchantId))];
    await Promise.all([
      this.perNode(
        cards,
        (token) => this.keys.card(token),
        RELEASE_KEYS_PER_CALL,
        () => 1,
        async (node, chunk) => {
          const keys = chunk.map((token) => this.keys.card(token));
          await this.fcall(node, 'fraud_release_cards', 0, this.ttlMs, ...keys);
          return chunk.map(() => true);
        },
        true,
      ),
      this.perNode(
        merchants,
        (id) => this.keys.merchantMeta(id),
        RELEASE_KEYS_PER_CALL,
        () => 3,
        async (node, chunk) => {
          const keys = chunk.flatMap((id) => merchantWindowKeys(this.keys, id));
          await this.fcall(node, 'fraud_release_merchants', 0, this.ttlMs, partition, ...keys);
          return chunk.map(() => true);
        },
        true,
      ),
    ]);
  }

  /**
   * `items` in as few calls as their nodes allow (`many`: one node, keys of
   * many slots, in chunks of at most `maxWeight`), their results in the
   * order given. On a cluster, the items of a call that failed (its slot
   * moved, its primary failed over: a call that writes then wrote nothing,
   * see the library) are routed again once the client has learned the
   * cluster's slots anew.
   */
  private async perNode<T, R>(
    items: readonly T[],
    keyOf: (item: T) => string,
    maxWeight: number,
    weightOf: (item: T) => number,
    many: (node: Redis, chunk: T[]) => Promise<R[]>,
    writes = false,
  ): Promise<R[]> {
    const results = new Map<T, R>();
    let pending: readonly T[] = items;
    let failure: unknown;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > ROUTING_ATTEMPTS) throw failure;
      const { groups, unrouted } = groupByNode(this.redis, pending, keyOf);
      const failed: T[] = [...unrouted];
      if (unrouted.length > 0) failure = new Error(`no primary known for the slots of ${unrouted.length} key(s)`);
      await Promise.all(
        groups.flatMap(({ address, items: grouped }) =>
          chunksOf(grouped, maxWeight, weightOf).map(async (chunk, index) => {
            // A lane that has not yet learned a new primary (a failover) goes through the first, whose slots named it.
            const node = connectionTo(this.laneOf(index), address) ?? connectionTo(this.redis, address);
            if (node === undefined) {
              failure = new Error(`no connection to the primary at ${address} known`);
              failed.push(...chunk);
              return;
            }
            const reloads = this.libraryReloads;
            const call = many(node, chunk);
            // Issued in the same turn as the call, so it leaves in the same write, right behind it.
            const acknowledged = writes ? waitForReplicas(node, this.replicaAcks) : undefined;
            let replies: R[];
            try {
              replies = await call;
            } catch (error) {
              acknowledged?.catch(() => undefined);
              if (!this.redis.isCluster) throw error;
              failure = error;
              failed.push(...chunk);
              return;
            }
            if (acknowledged !== undefined) {
              let covering = acknowledged;
              if (this.libraryReloads !== reloads) {
                // The call may have been made again (the library loaded) behind that WAIT: wait again.
                acknowledged.catch(() => undefined);
                covering = waitForReplicas(node, this.replicaAcks) ?? acknowledged;
              }
              await confirmReplicas(covering, address, this.replicaAcks);
            }
            chunk.forEach((item, index) => {
              const reply = replies[index];
              if (reply === undefined) throw new Error(`no reply for item ${index} of a ${chunk.length}-item call`);
              results.set(item, reply);
            });
          }),
        ),
      );
      if (failed.length > 0) await refreshSlots(this.lanes);
      pending = failed;
    }
    return items.map((item) => {
      const result = results.get(item);
      if (result === undefined) throw new Error('an item of a Redis call got no result');
      return result;
    });
  }

  /** One call that writes the entity of `key`, on the node serving it (routed and acknowledged as perNode's). */
  private async writeOne(key: string, call: (node: Redis) => Promise<unknown>): Promise<unknown> {
    const [reply] = await this.perNode(
      [key],
      (k) => k,
      1,
      () => 1,
      async (node) => [await call(node)],
      true,
    );
    return reply;
  }

  /** Every partition of `stream` that ended a batch: its persisted watermark and the time it did. */
  async watermarks(stream: string): Promise<Map<string, PartitionProgress>> {
    const fields = await this.redis.hgetall(this.keys.watermarks(stream));
    const partitions = new Map<string, PartitionProgress>();
    for (const [field, value] of Object.entries(fields)) {
      if (!field.startsWith('at:')) continue;
      const partition = field.slice('at:'.length);
      const watermark = fields[partition];
      partitions.set(partition, {
        watermarkMs: watermark === undefined ? undefined : Number(watermark),
        lastBatchAtMs: Number(value),
      });
    }
    return partitions;
  }

  /**
   * Raises the partition's persisted watermark to `timeMs` if higher (never
   * lowers it), and records that it ended a batch at `nowMs`; resolves with
   * the watermark.
   */
  async advanceWatermark(
    stream: string,
    partition: string,
    timeMs: number | undefined,
    nowMs: number,
  ): Promise<number | undefined> {
    const key = this.keys.watermarks(stream);
    const reply = await this.writeOne(key, (node) =>
      this.fcall(node, 'fraud_advance_watermark', 1, key, partition, timeMs ?? '', nowMs),
    );
    return reply === '' ? undefined : Number(reply);
  }
}
