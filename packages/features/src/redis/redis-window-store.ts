import calculateSlot from 'cluster-key-slot';
import type { Redis } from 'ioredis';

import type { ConfirmedFraud } from '../window/confirmed-fraud.js';
import type { CardStepResult, MerchantStepResult } from '../window/step-results.js';
import { stateTtlMs, type WindowConfig } from '../window/window-config.js';
import type { WindowEvent } from '../window/window-event.js';
import { FeatureKeys } from './feature-keys.js';
import { cardStepCall, merchantStepCall, merchantWindowKeys } from './step-calls.js';

/** What fraud_card_window replies (feature-library.ts); the distance is a string of 17 digits. */
type CardStepReply = [
  duplicate: number,
  late: number,
  count: number,
  sum: number,
  max: number,
  merchants: number,
  countries: number,
  maxDistanceKm: string,
  count7d: number,
  sum7d: number,
  count30d: number,
  sum30d: number,
];

/** What fraud_merchant_window replies. */
type MerchantStepReply = [
  duplicate: number,
  late: number,
  count: number,
  count1d: number,
  frauds1d: number,
  count7d: number,
  frauds7d: number,
];

/** Which of `lanes` connections serves a key: its hash slot's (so one entity's keys agree), spread evenly. */
export function laneIndex(key: string, lanes: number): number {
  return calculateSlot(key) % lanes;
}

/** Keys per release call: a few hundred PEXPIREs keep a call well under a millisecond. */
const RELEASE_CHUNK_KEYS = 384;

/**
 * The online window state: each step one FCALL, atomic per entity.
 *
 * Steps may go over several connections to the one Redis (`stepLanes`, the
 * first being `redis`): ioredis auto-pipelines one batch of commands at a
 * time per connection, so with one connection the engine waits idle while
 * Redis runs a batch, and Redis while the engine prepares the next. An
 * entity's steps always take the same lane; the other calls take `redis`,
 * each after the steps it follows have answered.
 */
export class RedisWindowStore {
  private readonly ttlMs: number;
  private readonly lanes: readonly Redis[];

  constructor(
    private readonly redis: Redis,
    private readonly config: WindowConfig,
    private readonly keys = new FeatureKeys(),
    stepLanes: readonly Redis[] = [redis],
  ) {
    this.ttlMs = stateTtlMs(config);
    this.lanes = stepLanes.length === 0 ? [redis] : stepLanes;
  }

  /** The connection of an entity's steps, by the hash slot of its key. */
  private laneOf(key: string): Redis {
    return this.lanes.length === 1 ? this.redis : (this.lanes[laneIndex(key, this.lanes.length)] ?? this.redis);
  }

  /** `durableWatermarkMs`: the partition's watermark persisted when the batch began (reference/card-window.ts). */
  async cardStep(
    cardToken: string,
    x: WindowEvent,
    watermarkMs: number | undefined,
    durableWatermarkMs: number | undefined,
  ): Promise<CardStepResult> {
    const call = cardStepCall(this.keys, this.config, cardToken, x, watermarkMs, durableWatermarkMs);
    const reply = (await this.laneOf(this.keys.card(cardToken)).fcall(...call)) as CardStepReply;
    return {
      duplicate: reply[0] === 1,
      late: reply[1] === 1,
      aggregates: {
        count: reply[2],
        amountSum: reply[3],
        amountMax: reply[4],
        distinctMerchants: reply[5],
        distinctCountries: reply[6],
        maxDistanceKm: Number(reply[7]),
      },
      history: { count7d: reply[8], amountSum7d: reply[9], count30d: reply[10], amountSum30d: reply[11] },
    };
  }

  /** `partition` is the record's: until that partition releases its batch, the merchant keeps no TTL. */
  async merchantStep(
    merchantId: string,
    x: Pick<WindowEvent, 'transactionId' | 'timeMs'>,
    watermarkMs: number | undefined,
    partition: string,
  ): Promise<MerchantStepResult> {
    const call = merchantStepCall(this.keys, this.config, merchantId, x, watermarkMs, partition);
    const reply = (await this.laneOf(this.keys.merchantMeta(merchantId)).fcall(...call)) as MerchantStepReply;
    return {
      duplicate: reply[0] === 1,
      late: reply[1] === 1,
      count: reply[2],
      feedback: { count1d: reply[3], frauds1d: reply[4], count7d: reply[5], frauds7d: reply[6] },
    };
  }

  /** A confirmed fraud, counted once for its merchant; resolves with whether it was counted (not a repeat, not too old). */
  async confirm(confirmation: ConfirmedFraud): Promise<boolean> {
    const counted = await this.redis.fcall(
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
    const pipeline = this.redis.pipeline();
    const cards = [...new Set(batch.map((record) => record.cardToken))].map((token) => [this.keys.card(token)]);
    for (const keys of this.releaseGroups(cards)) {
      pipeline.fcall('fraud_release_card', keys.length, ...keys, this.ttlMs);
    }
    const merchants = [...new Set(batch.map((record) => record.merchantId))].map((id) =>
      merchantWindowKeys(this.keys, id),
    );
    for (const keys of this.releaseGroups(merchants)) {
      pipeline.fcall('fraud_release_merchant', keys.length, ...keys, this.ttlMs, partition);
    }
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error !== null);
    if (failed?.[0]) throw failed[0];
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

  /** The partition's persisted watermark, or undefined before its first record. */
  async watermark(stream: string, partition: string): Promise<number | undefined> {
    const value = await this.redis.get(this.keys.watermark(stream, partition));
    return value === null ? undefined : Number(value);
  }

  /** Raises the partition's persisted watermark to `timeMs` if higher (never lowers it). */
  async advanceWatermark(stream: string, partition: string, timeMs: number): Promise<number> {
    return Number(await this.redis.fcall('fraud_advance_watermark', 1, this.keys.watermark(stream, partition), timeMs));
  }
}
