import { createHash } from 'node:crypto';

import type { Transaction } from '@fraud/contracts';
import type { Redis } from 'ioredis';
import { expect } from 'vitest';

import { OnlineWindows } from '../online/online-windows.js';
import { FeatureKeys } from '../redis/feature-keys.js';
import { RedisWindowStore } from '../redis/redis-window-store.js';
import { ReferenceFeatureEngine, type ReferenceOutput } from '../reference/reference-feature-engine.js';
import { featureVector } from '../window/feature-vector.js';
import { stateTtlMs, type WindowConfig } from '../window/window-config.js';
import { watermarksBefore } from '../window/watermarks.js';
import { PARTITIONS, partitionOf, transactionOf, type StreamOp } from './random-streams.js';

export interface ParityCounts {
  emissions: number;
  duplicates: number;
  late: number;
  redeliveredAfterGap: number;
  gaps: number;
  /** Confirmations counted, and emissions whose day horizons differ from the shorter ones (they were exercised). */
  confirmationsCounted: number;
  withFraudFeedback: number;
  withOlderCardDays: number;
  /** First published emissions checked against the truth in every feature. */
  firstPublishedChecked: number;
}

const TOLERANCE = 1e-9;
const STREAM = 'transactions';

/**
 * Plays a run of operations through the engine's window state
 * (OnlineWindows over Redis) and the reference at once, the way the feature
 * engine drives them (batches per partition, watermarks persisted before
 * commit, TTLs started at commit), and checks every emission is equal. Only
 * the Redis side loses state at idle gaps, and forgets merchant events (the
 * reference keeps them all: what merchants forget never changes a feature).
 *
 * A second reference, the truth, sees each record of a partition's log once,
 * in order, as if nothing crashed. The emission a record is first published
 * with (a batch publishes before it persists its watermark) must equal the
 * truth's: a redelivery counts nothing twice, and gets the features the
 * record had the first time. One exception, documented: a late record whose
 * first emission was lost is scored again over its merchant as it is then,
 * other partitions' arrivals since included.
 */
export async function playParityRun(
  redis: Redis,
  namespace: string,
  config: WindowConfig,
  ops: readonly StreamOp[],
  counts: ParityCounts,
): Promise<void> {
  const store = new RedisWindowStore(redis, config, new FeatureKeys(namespace));
  const windows = new OnlineWindows(store, { cachedCards: 10_000, partitionIdleMs: 3_600_000 });
  const reference = new ReferenceFeatureEngine(config);
  const truth = new ReferenceFeatureEngine(
    config,
    Array.from({ length: PARTITIONS }, (_, partition) => String(partition)),
  );
  // Each partition's log, how much of it is committed and published, and the truth's output for what it has seen.
  const partitions = Array.from({ length: PARTITIONS }, () => ({
    log: [] as Transaction[],
    committed: 0,
    published: 0,
    truth: [] as ReferenceOutput[],
    /** Positions first handled by a batch that did not publish. */
    firstUnpublished: new Set<number>(),
  }));
  const partitionFor = (transaction: Transaction) => partitions[partitionOf(transaction)] ?? partitions[0];
  // Producer duplicates repeat transactions since the last gap: one repeated
  // longer than the TTL later, on a partition whose event time has not moved
  // on, is the documented exposure (docs/window-features.md).
  let appended: Transaction[] = [];
  // Confirmations come days later, across gaps.
  const everAppended: Transaction[] = [];
  const handledBeforeGap = new Set<string>();
  let gapPassed = false;
  let sequence = 0;
  let clockMs = Date.parse('2026-03-01T00:00:00.000Z');

  const handle = async (partition: number, size: number, commit: boolean, persistWatermark: boolean) => {
    const state = partitions[partition];
    if (state === undefined) return;
    const records = state.log.slice(state.committed, state.committed + size);
    if (records.length === 0) return;
    const start = (await store.watermarks(STREAM)).get(String(partition))?.watermarkMs;
    const { before } = watermarksBefore(
      start,
      records.map((t) => Date.parse(t.timestamp)),
    );
    const stepped = await windows.step(
      STREAM,
      String(partition),
      records.map((transaction, index) => ({ transaction, position: String(state.committed + index) })),
    );
    const emitted: ReferenceOutput[] = [];
    for (const [index, transaction] of records.entries()) {
      const watermark = before[index];
      const position = String(state.committed + index);
      const expected = reference.step(transaction, { watermarkMs: watermark, durableWatermarkMs: start, position });
      emitted.push(expected);
      if (state.committed + index === state.truth.length) {
        state.truth.push(truth.process(transaction, String(partition)));
        if (!persistWatermark) state.firstUnpublished.add(state.committed + index);
      }
      const step = stepped.steps[index];
      if (step === undefined) throw new Error(`no step for record ${index}`);
      const actual: Record<string, number> = featureVector(transaction, step.card, step.merchant);
      const where = `${transaction.transactionId} on partition ${partition}`;
      expect({ late: step.card.late, duplicate: step.card.duplicate }, where).toEqual({
        late: expected.late,
        duplicate: expected.duplicate,
      });
      expect(step.merchant.late, where).toBe(expected.late);
      for (const [name, value] of Object.entries(expected.features)) {
        if (!(Math.abs((actual[name] ?? Number.NaN) - value) <= TOLERANCE)) {
          expect({ [name]: actual[name] }, where).toEqual({ [name]: value });
        }
      }
      counts.emissions++;
      if (expected.duplicate) counts.duplicates++;
      if (expected.late) counts.late++;
      if ((expected.features.merchant_fraud_rate_7d_delay2d ?? 0) > 0) counts.withFraudFeedback++;
      if ((expected.features.card_txn_count_30d ?? 0) > (expected.features.card_txn_count_7d ?? 0)) {
        counts.withOlderCardDays++;
      }
      if (gapPassed && handledBeforeGap.has(transaction.transactionId)) counts.redeliveredAfterGap++;
      if (!gapPassed) handledBeforeGap.add(transaction.transactionId);
    }
    if (persistWatermark) {
      for (const [index, output] of emitted.entries()) {
        const at = state.committed + index;
        const first = state.truth[at];
        if (at < state.published || first === undefined) continue;
        const scoredAgain = output.late && state.firstUnpublished.has(at);
        expect(
          { late: output.late, features: scoredAgain ? cardFeatures(output.features) : output.features },
          `the first published emission of ${records[index]?.transactionId} on partition ${partition}`,
        ).toEqual({ late: first.late, features: scoredAgain ? cardFeatures(first.features) : first.features });
        if (!scoredAgain) counts.firstPublishedChecked++;
      }
      state.published = Math.max(state.published, state.committed + records.length);
      await store.advanceWatermark(STREAM, String(partition), stepped.watermarkEndMs, Date.now());
    }
    if (commit) {
      await store.release(String(partition), records);
      state.committed += records.length;
    }
  };

  // Every partition is consumed from the start, as a consumer group assigns them all.
  for (let partition = 0; partition < PARTITIONS; partition++) {
    await store.advanceWatermark(STREAM, String(partition), undefined, Date.now());
  }
  for (const op of ops) {
    switch (op.kind) {
      case 'transaction': {
        clockMs += op.stepMs;
        const transaction = transactionOf(op, transactionIdOf(namespace, sequence++), clockMs);
        appended.push(transaction);
        everAppended.push(transaction);
        partitionFor(transaction)?.log.push(transaction);
        break;
      }
      case 'confirm': {
        const confirmed = everAppended[everAppended.length - 1 - (op.back % Math.max(1, everAppended.length))];
        if (confirmed === undefined) break;
        const expected = reference.confirm(confirmed);
        truth.confirm(confirmed);
        expect(await store.confirm(confirmed), `confirmation of ${confirmed.transactionId}`).toBe(expected);
        if (expected) counts.confirmationsCounted++;
        break;
      }
      case 'days':
        clockMs += op.skipMs;
        break;
      case 'duplicate': {
        const original = appended[appended.length - 1 - (op.back % Math.max(1, appended.length))];
        if (original !== undefined) partitionFor(original)?.log.push(original);
        break;
      }
      case 'batch':
        await handle(op.partition, op.size, true, true);
        break;
      case 'crash':
        await handle(op.partition, op.size, false, op.persistedWatermark);
        break;
      case 'gap':
        for (let partition = 0; partition < PARTITIONS; partition++) {
          const state = partitions[partition];
          const pending = state === undefined ? 0 : state.log.length - state.committed;
          await handle(partition, Math.max(0, pending - op.crashTail), true, true);
          await handle(partition, op.crashTail, false, op.persistedWatermark);
        }
        clockMs += stateTtlMs(config) + config.windowMs;
        await expireKeysWithTtl(redis, namespace, stateTtlMs(config));
        appended = [];
        gapPassed = true;
        counts.gaps++;
        break;
    }
  }
  for (let partition = 0; partition < PARTITIONS; partition++) {
    await handle(partition, Number.MAX_SAFE_INTEGER, true, true);
  }
}

/** The features of the card's state (and of the transaction alone). */
function cardFeatures(features: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(features).filter(([name]) => !name.startsWith('merchant_')));
}

/** Half the ids UUIDs (which the card state packs into 16 bytes), half free-form. */
function transactionIdOf(namespace: string, sequence: number): string {
  if (sequence % 2 === 1) return `${namespace}t${sequence}`;
  const hex = createHash('sha256').update(`${namespace}${sequence}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** What the TTL would do after an idle gap: every key of the run with a TTL up to the window state's is gone (the day histories live for days). */
async function expireKeysWithTtl(redis: Redis, namespace: string, ttlMs: number): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}fe:{*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const ttl = await redis.pttl(key);
      if (ttl >= 0 && ttl <= ttlMs) await redis.del(key);
    }
  } while (cursor !== '0');
}
