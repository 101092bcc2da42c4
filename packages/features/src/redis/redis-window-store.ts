import calculateSlot from 'cluster-key-slot';

import type { CardState } from '../reference/card-window.js';
import type { ConfirmedFraud } from '../window/confirmed-fraud.js';
import type { PartitionProgress } from '../window/low-watermark.js';
import type { MerchantStepResult } from '../window/step-results.js';
import { stateTtlMs, type WindowConfig } from '../window/window-config.js';
import { CARD_HISTORY } from '../window/card-history.js';
import { decodeCardState, encodeCardState, versionOf } from './card-state-codec.js';
import { FeatureKeys } from './feature-keys.js';
import { isFunctionMissing, loadFeatureLibrary, type FeatureRedis } from './load-feature-library.js';
import { merchantBatchCall, merchantWindowKeys, type MerchantBatchStep, type StepCall } from './step-calls.js';

/** A card's state as read, with the version a write of it is fenced by ('' when Redis had none). */
export interface StoredCard {
  readonly state: CardState;
  readonly version: string;
}

/** A card's next state, written only if Redis still holds the version it was computed from. */
export interface CardWrite {
  readonly cardToken: string;
  readonly readVersion: string;
  readonly state: CardState;
  readonly version: string;
}

/** Which of `lanes` connections serves a key: its hash slot's (so one entity's keys agree), spread evenly. */
export function laneIndex(key: string, lanes: number): number {
  return calculateSlot(key) % lanes;
}

/** Keys per release call: a few hundred PEXPIREs keep a call well under a millisecond. */
const RELEASE_CHUNK_KEYS = 384;

/**
 * The window state in Redis (docs/window-features.md): cards read and
 * written whole, fenced by version; merchants stepped a batch at a time,
 * atomically; partitions' watermarks.
 *
 * Calls may go over several connections to the one Redis (`stepLanes`, the
 * first being `redis`): ioredis auto-pipelines one batch of commands at a
 * time per connection, so with one connection the engine waits idle while
 * Redis runs a batch, and Redis while the engine prepares the next. An
 * entity's calls always take the same lane.
 */
export class RedisWindowStore {
  private readonly ttlMs: number;
  private readonly lanes: readonly FeatureRedis[];

  constructor(
    private readonly redis: FeatureRedis,
    readonly config: WindowConfig,
    private readonly keys = new FeatureKeys(),
    stepLanes: readonly FeatureRedis[] = [redis],
  ) {
    this.ttlMs = stateTtlMs(config);
    this.lanes = stepLanes.length === 0 ? [redis] : stepLanes;
  }

  /** The connection of an entity's calls, by the hash slot of its key. */
  private laneOf(key: string): FeatureRedis {
    return this.lanes.length === 1 ? this.redis : (this.lanes[laneIndex(key, this.lanes.length)] ?? this.redis);
  }

  /**
   * An FCALL of the library. A node without it (a primary promoted or added
   * since the engine started, or flushed) gets it loaded, and the call is
   * made again.
   */
  private async fcall(client: FeatureRedis, ...call: StepCall): Promise<unknown> {
    try {
      return await client.fcall(...call);
    } catch (error) {
      if (!isFunctionMissing(error)) throw error;
      await loadFeatureLibrary(this.redis);
      return client.fcall(...call);
    }
  }

  /** The cards' states, in one round trip (auto-pipelined). */
  async loadCards(cardTokens: readonly string[]): Promise<Map<string, StoredCard>> {
    const read = await Promise.all(
      cardTokens.map(async (token) => {
        const key = this.keys.card(token);
        const [window, days] = await this.laneOf(key).mgetBuffer(key, this.keys.cardDays(token));
        return [
          token,
          { state: decodeCardState(window ?? null, days ?? null), version: versionOf(window ?? null) },
        ] as const;
      }),
    );
    return new Map(read);
  }

  /** Writes each card whose stored version is still the one read; resolves with the tokens of those refused. */
  async putCards(writes: readonly CardWrite[]): Promise<string[]> {
    const written = await Promise.all(
      writes.map(async ({ cardToken, readVersion, state, version }) => {
        const encoded = encodeCardState(state, version);
        const key = this.keys.card(cardToken);
        const reply = await this.fcall(
          this.laneOf(key),
          'fraud_card_put',
          2,
          key,
          this.keys.cardDays(cardToken),
          readVersion,
          encoded.window,
          encoded.days,
          CARD_HISTORY.ttlMs,
        );
        return reply === 1;
      }),
    );
    return writes.filter((_, index) => !written[index]).map(({ cardToken }) => cardToken);
  }

  /** One merchant's transactions of a batch of `partition`, in partition order, in one atomic call. */
  async merchantSteps(
    merchantId: string,
    partition: string,
    steps: readonly MerchantBatchStep[],
    lowWatermarkMs: number | undefined,
  ): Promise<MerchantStepResult[]> {
    const call = merchantBatchCall(this.keys, this.config, merchantId, partition, steps, lowWatermarkMs);
    const reply = (await this.fcall(this.laneOf(this.keys.merchantMeta(merchantId)), ...call)) as number[];
    return steps.map((_, index) => {
      const at = index * 7;
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

  /** A confirmed fraud, counted once for its merchant; resolves with whether it was counted (not a repeat, not too old). */
  async confirm(confirmation: ConfirmedFraud): Promise<boolean> {
    const counted = await this.fcall(
      this.redis,
      'fraud_merchant_confirm',
      1,
      this.keys.merchantDays(confirmation.merchantId),
      confirmation.transactionId,
      Date.parse(confirmation.timestamp),
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
    const cards = [...new Set(batch.map((record) => record.cardToken))].map((token) => [this.keys.card(token)]);
    const merchants = [...new Set(batch.map((record) => record.merchantId))].map((id) =>
      merchantWindowKeys(this.keys, id),
    );
    // One round trip per node (auto-pipelined); a cluster takes no pipeline across nodes.
    await Promise.all([
      ...this.releaseGroups(cards).map((keys) =>
        this.fcall(this.redis, 'fraud_release_card', keys.length, ...keys, this.ttlMs),
      ),
      ...this.releaseGroups(merchants).map((keys) =>
        this.fcall(this.redis, 'fraud_release_merchant', keys.length, ...keys, this.ttlMs, partition),
      ),
    ]);
  }

  /**
   * Entities' keys, grouped for one release call each: the calls of a batch
   * would otherwise cost more than its steps. A cluster takes a call's keys
   * only from one hash slot, so there they are grouped by slot; chunks keep
   * each call short, since Redis runs nothing else meanwhile.
   */
  private releaseGroups(entities: readonly (readonly string[])[]): string[][] {
    const groups = new Map<number, string[][]>();
    for (const keys of entities) {
      const slot = this.redis.isCluster ? calculateSlot(keys[0] ?? '') : 0;
      const chunks = groups.get(slot) ?? [];
      const last = chunks.at(-1);
      if (last !== undefined && last.length < RELEASE_CHUNK_KEYS) last.push(...keys);
      else chunks.push([...keys]);
      groups.set(slot, chunks);
    }
    return [...groups.values()].flat();
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
    const reply = await this.fcall(
      this.redis,
      'fraud_advance_watermark',
      1,
      this.keys.watermarks(stream),
      partition,
      timeMs ?? '',
      nowMs,
    );
    return reply === '' ? undefined : Number(reply);
  }
}
