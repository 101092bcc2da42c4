import calculateSlot from 'cluster-key-slot';
import type { Redis } from 'ioredis';

import type { CardStepResult, MerchantStepResult } from '../window/step-results.js';
import { stateTtlMs, type WindowConfig } from '../window/window-config.js';
import type { WindowEvent } from '../window/window-event.js';
import { FeatureKeys } from './feature-keys.js';

function watermarkArg(watermarkMs: number | undefined): string {
  return watermarkMs === undefined ? '' : String(watermarkMs);
}

/** Keys per release call: a few hundred PEXPIREs keep a call well under a millisecond. */
const RELEASE_CHUNK_KEYS = 384;

/** The online window state: each step one FCALL, atomic per entity. */
export class RedisWindowStore {
  private readonly ttlMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly config: WindowConfig,
    private readonly keys = new FeatureKeys(),
  ) {
    this.ttlMs = stateTtlMs(config);
  }

  async cardStep(cardToken: string, x: WindowEvent, watermarkMs: number | undefined): Promise<CardStepResult> {
    const reply = (await this.redis.fcall(
      'fraud_card_window',
      1,
      this.keys.card(cardToken),
      x.transactionId,
      x.timeMs,
      x.amountMinor,
      x.merchantId,
      x.country,
      // Every digit of a double, so Lua reads back exactly the number sent.
      x.lat.toPrecision(17),
      x.lon.toPrecision(17),
      watermarkArg(watermarkMs),
      this.config.windowMs,
      this.config.allowedLatenessMs,
    )) as [number, number, number, number, number, number, number, string];
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
    };
  }

  /** `partition` is the record's: until that partition releases its batch, the merchant keeps no TTL. */
  async merchantStep(
    merchantId: string,
    x: Pick<WindowEvent, 'transactionId' | 'timeMs'>,
    watermarkMs: number | undefined,
    partition: string,
  ): Promise<MerchantStepResult> {
    const reply = (await this.redis.fcall(
      'fraud_merchant_window',
      3,
      ...this.merchantKeys(merchantId),
      x.transactionId,
      x.timeMs,
      watermarkArg(watermarkMs),
      this.config.windowMs,
      this.config.allowedLatenessMs,
      this.config.ttlSlackMs,
      partition,
    )) as [number, number, number];
    return { duplicate: reply[0] === 1, late: reply[1] === 1, count: reply[2] };
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
    const merchants = [...new Set(batch.map((record) => record.merchantId))].map((id) => this.merchantKeys(id));
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

  private merchantKeys(merchantId: string): [string, string, string] {
    return [
      this.keys.merchantEvents(merchantId),
      this.keys.merchantFirstCounts(merchantId),
      this.keys.merchantMeta(merchantId),
    ];
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
