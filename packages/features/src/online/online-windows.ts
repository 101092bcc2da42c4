import { randomBytes } from 'node:crypto';

import type { Transaction } from '@fraud/contracts';
import { LRUCache } from 'lru-cache';

import { EMPTY_CARD_STATE, cardStep, type CardState } from '../reference/card-window.js';
import { decodeCardState, encodeCardState } from '../redis/card-state-codec.js';
import type { CardWrite, RedisWindowStore, StoredCard } from '../redis/redis-window-store.js';
import { lowWatermark } from '../window/low-watermark.js';
import type { CardStepResult, MerchantStepResult } from '../window/step-results.js';
import { stateTtlMs } from '../window/window-config.js';
import { toWindowEvent, type WindowEvent } from '../window/window-event.js';
import { watermarksBefore } from '../window/watermarks.js';

/** A transaction of a batch, with its position in its partition. */
export interface WindowRecord {
  readonly transaction: Transaction;
  readonly position?: string;
}

/** What a batch's steps give each of its transactions. */
export interface WindowStep {
  readonly card: CardStepResult;
  readonly merchant: MerchantStepResult;
}

export interface SteppedBatch {
  /** In batch order. */
  readonly steps: WindowStep[];
  /** The partition's watermark after the batch: what `settle` persists. */
  readonly watermarkEndMs: number | undefined;
}

/** A batch as its steps see it, record by record: the card, the window event, the partition's watermark before it. */
interface BatchEvents {
  readonly cardTokens: readonly string[];
  readonly events: readonly WindowEvent[];
  readonly watermarks: readonly (number | undefined)[];
}

/** Reads of a batch's cards before a run of refused writes fails the batch (and the transport retries it). */
const CARD_WRITE_ATTEMPTS = 3;

export interface OnlineWindowsOptions {
  /** Cards whose state is kept in memory between batches (least recently used leave first). */
  readonly cachedCards: number;
  /** How long a partition without a batch still holds back what merchants forget (window/low-watermark.ts). */
  readonly partitionIdleMs: number;
  readonly now?: () => number;
}

/**
 * The window state of one feature engine (docs/window-features.md, "Who owns
 * a card's state"). A card's transactions all come from one partition, so the
 * engine consuming it owns the card: it steps the card in memory with the
 * reference's own `cardStep`, keeping the state between batches, and writes
 * each card once per batch, before publishing, fenced by the version it read.
 * A refused write (another engine wrote the card since: a rebalance, or this
 * engine is a zombie) fails the batch, which is retried from Redis.
 * Merchants are shared by partitions: each batch steps each merchant's
 * transactions in partition order in one atomic Redis call.
 */
export class OnlineWindows {
  private readonly cards: LRUCache<string, StoredCard>;
  /** Versions are this engine's id and a counter: unique across engines and restarts. */
  private readonly writer = randomBytes(6).toString('base64url');
  private writes = 0;
  private readonly now: () => number;

  constructor(
    private readonly store: RedisWindowStore,
    private readonly options: OnlineWindowsOptions,
  ) {
    // A cached card is dropped well before its Redis state's TTL could end,
    // so a card back after a long pause is read again rather than refused.
    this.cards = new LRUCache({ max: options.cachedCards, ttl: Math.floor(stateTtlMs(store.config) / 2) });
    this.now = options.now ?? Date.now;
  }

  /** Steps a batch of `partition`'s transactions, in partition order; the card states are written when it resolves. */
  async step(stream: string, partition: string, records: readonly WindowRecord[]): Promise<SteppedBatch> {
    const tokens = [...new Set(records.map(({ transaction }) => transaction.cardToken))];
    // Cards not in memory are read with the watermarks, not after them: one round trip less per batch.
    const [progress, preloaded] = await Promise.all([this.store.watermarks(stream), this.readCards(tokens)]);
    if (!progress.has(partition)) {
      // Heard from before its first records are stepped: until it has a
      // watermark, no partition's batch forgets merchant events it may count.
      const now = this.now();
      await this.store.advanceWatermark(stream, partition, undefined, now);
      progress.set(partition, { watermarkMs: undefined, lastBatchAtMs: now });
    }
    // The watermark persisted when the batch began: every later step of the partition has at least it.
    const durable = progress.get(partition)?.watermarkMs;
    const low = lowWatermark(progress, partition, this.now(), this.options.partitionIdleMs);
    const events = records.map(({ transaction, position }) => ({
      ...toWindowEvent(transaction),
      ...(position === undefined ? {} : { position }),
    }));
    const { before, end } = watermarksBefore(
      durable,
      events.map(({ timeMs }) => timeMs),
    );
    const batch: BatchEvents = {
      cardTokens: records.map(({ transaction }) => transaction.cardToken),
      events,
      watermarks: before,
    };
    const [cards, merchants] = await Promise.all([
      this.stepCards(tokens, preloaded, batch, durable),
      this.stepMerchants(partition, batch, low),
    ]);
    return {
      steps: records.map((_, index) => {
        const card = cards[index];
        const merchant = merchants[index];
        if (card === undefined || merchant === undefined) throw new Error(`no window step for record ${index}`);
        return { card, merchant };
      }),
      watermarkEndMs: end,
    };
  }

  /**
   * Once the batch's outputs are published, before it is committed: persists
   * the partition's watermark and starts the TTLs of the state it touched.
   */
  async settle(
    stream: string,
    partition: string,
    records: readonly WindowRecord[],
    batch: SteppedBatch,
  ): Promise<void> {
    await Promise.all([
      this.store.advanceWatermark(stream, partition, batch.watermarkEndMs, this.now()),
      this.store.release(
        partition,
        records.map(({ transaction }) => transaction),
      ),
    ]);
  }

  /**
   * The cards' steps, written before anything is published. A refused write
   * means the cache was stale (another engine wrote the card since): that
   * card is read again and its transactions stepped again. Cards are
   * independent, so the others' results stand.
   */
  private async stepCards(
    tokens: readonly string[],
    preloaded: ReadonlyMap<string, StoredCard>,
    batch: BatchEvents,
    durable: number | undefined,
  ): Promise<CardStepResult[]> {
    const results: CardStepResult[] = new Array<CardStepResult>(batch.events.length);
    let pending = tokens;
    let loaded = preloaded;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > CARD_WRITE_ATTEMPTS) {
        throw new Error(
          `the state of ${pending.length} card(s) was written by another engine after each of ${CARD_WRITE_ATTEMPTS} reads: the batch is retried`,
        );
      }
      pending = await this.tryStepCards(new Set(pending), loaded, batch, durable, results);
      // A refused card left the cache: the next attempt reads it again.
      if (pending.length > 0) loaded = await this.readCards(pending);
    }
    return results;
  }

  /**
   * The state of each of `tokens`: from memory, or read from Redis for those
   * not there. Taken from memory now, so a card another partition's batch
   * evicts meanwhile is not stepped from nothing.
   */
  private async readCards(tokens: readonly string[]): Promise<ReadonlyMap<string, StoredCard>> {
    const read = new Map<string, StoredCard>();
    const missing: string[] = [];
    for (const token of tokens) {
      const cached = this.cards.get(token);
      if (cached === undefined) missing.push(token);
      else read.set(token, cached);
    }
    if (missing.length === 0) return read;
    for (const [token, stored] of await this.store.loadCards(missing)) read.set(token, stored);
    return read;
  }

  /** Steps the records of `tokens` into `results` and writes the cards; resolves with the tokens whose write was refused. */
  private async tryStepCards(
    tokens: ReadonlySet<string>,
    loaded: ReadonlyMap<string, StoredCard>,
    batch: BatchEvents,
    durable: number | undefined,
    results: CardStepResult[],
  ): Promise<string[]> {
    const working = new Map<string, { readVersion: string; state: CardState }>();
    for (const token of tokens) {
      const read = loaded.get(token);
      working.set(token, {
        readVersion: read?.version ?? '',
        state: read === undefined ? EMPTY_CARD_STATE : decodeCardState(read.window, read.days),
      });
    }
    batch.events.forEach((event, index) => {
      const card = working.get(batch.cardTokens[index] ?? '');
      if (card === undefined) return;
      const step = cardStep(card.state, event, batch.watermarks[index], this.store.config, durable);
      card.state = step.state;
      results[index] = step.result;
    });
    // Every card the batch touched, changed or not: a write also clears the
    // TTL, so a redelivery after an outage of any length finds its state.
    const writes = [...working].map(([cardToken, { readVersion, state }]): CardWrite & { version: string } => {
      const version = `${this.writer}.${(this.writes++).toString(36)}`;
      return { cardToken, readVersion, state: encodeCardState(state, version), version };
    });
    let refused: string[];
    try {
      refused = await this.store.putCards(writes);
    } catch (error) {
      // Some writes may have been carried out: read the cards again next time.
      for (const token of tokens) this.cards.delete(token);
      throw error;
    }
    const refusedSet = new Set(refused);
    for (const { cardToken, state, version } of writes) {
      // Kept as written, its bytes off the V8 heap: cached cards as objects made the collector's pauses long.
      if (refusedSet.has(cardToken)) this.cards.delete(cardToken);
      else this.cards.set(cardToken, { window: state.window, days: state.days, version });
    }
    return refused;
  }

  private async stepMerchants(
    partition: string,
    batch: BatchEvents,
    low: number | undefined,
  ): Promise<MerchantStepResult[]> {
    const byMerchant = new Map<string, number[]>();
    batch.events.forEach(({ merchantId }, index) => {
      const indices = byMerchant.get(merchantId);
      if (indices === undefined) byMerchant.set(merchantId, [index]);
      else indices.push(index);
    });
    const merchants = [...byMerchant].map(([merchantId, indices]) => ({
      merchantId,
      steps: indices.map((index) => {
        const event = batch.events[index];
        if (event === undefined) throw new RangeError(`no record ${index} in the batch`);
        return { transactionId: event.transactionId, timeMs: event.timeMs, watermarkMs: batch.watermarks[index] };
      }),
    }));
    const stepped = await this.store.merchantSteps(merchants, partition, low);
    const results: MerchantStepResult[] = new Array<MerchantStepResult>(batch.events.length);
    [...byMerchant.values()].forEach((indices, m) => {
      indices.forEach((index, k) => {
        const result = stepped[m]?.[k];
        if (result !== undefined) results[index] = result;
      });
    });
    return results;
  }
}
