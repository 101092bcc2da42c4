import {
  decodeDeadLetter,
  decodeTransactionFeatures,
  exampleTransaction,
  streamNames,
  type FraudConfirmation,
  type Transaction,
} from '@fraud/contracts';
import {
  decodeRecords,
  readStream,
  type ServiceProcess,
  startServiceProcess,
  uniqueStreamPrefix,
  waitUntil,
} from '@fraud/testing';
import type { StreamTransport } from '@fraud/transport';
import { testTransport } from '@fraud/transport/testing';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

import { engineStreams, FEATURE_ENGINE_ENTRY, featureEngineEnv } from '../test-support/feature-engine-env.js';
import { ownLeaseTable, type LeaseTable } from '../test-support/lease-table.js';
import { publishTransactions } from '../test-support/publish-transactions.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });

const DAY = 86_400_000;
const DAY_0 = Date.parse('2026-03-01T12:00:00.000Z');
const MERCHANT = 'feedback-merchant';

function transaction(id: string, card: string, timeMs: number): Transaction {
  return {
    ...exampleTransaction,
    transactionId: id,
    cardToken: card.repeat(64),
    merchantId: MERCHANT,
    timestamp: new Date(timeMs).toISOString(),
  };
}

function confirmationOf(t: Transaction, confirmedAtMs: number): FraudConfirmation {
  return {
    schemaVersion: 1,
    transactionId: t.transactionId,
    cardToken: t.cardToken,
    merchantId: t.merchantId,
    timestamp: t.timestamp,
    confirmedAt: new Date(confirmedAtMs).toISOString(),
  };
}

/** The confirmations the engine has read with this outcome (its /metrics), 0 before the first. */
async function confirmations(engine: ServiceProcess, outcome: 'counted' | 'not_counted'): Promise<number> {
  const text = await (await fetch(`${engine.baseUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('feature_engine_fraud_confirmations_total{') && l.includes(`outcome="${outcome}"`));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe.each(['kafka', 'kinesis'] as const)(
  'merchant fraud feedback through the feature engine on %s',
  (transport) => {
    const infra = inject('infra');
    const prefix = uniqueStreamPrefix(`fe-feedback-${transport}`);
    const names = streamNames(prefix);
    const firstDay = [transaction('d0-a', 'a', DAY_0), transaction('d0-b', 'b', DAY_0 + 60_000)];
    const fraud = transaction('d0-c', 'c', DAY_0 + 120_000);
    const twoDaysLater = transaction('d2-d', 'd', DAY_0 + 2 * DAY);
    const threeDaysLater = transaction('d3-a', 'a', DAY_0 + 3 * DAY);
    let publisher: StreamTransport;
    let engine: ServiceProcess;
    let leases: LeaseTable | undefined;

    const features = async () =>
      new Map(
        decodeRecords(await readStream(transport, infra, names.transactionFeatures), decodeTransactionFeatures).map(
          ({ event }) => [event.transactionId, event.features],
        ),
      );

    beforeAll(async () => {
      leases = await ownLeaseTable(transport);
      const env = featureEngineEnv(inject('infraEnv'), transport, prefix, leases.env);
      publisher = testTransport(env);
      await publisher.connect();
      await publisher.ensureStreams(engineStreams(names), 1);
      engine = await startServiceProcess({ entry: FEATURE_ENGINE_ENTRY, env, readyTimeoutMs: 90_000 });

      await publishTransactions(publisher.publisher, names.transactions, [...firstDay, fraud], { chunk: 10 });
      const confirmation = confirmationOf(fraud, DAY_0 + DAY);
      await publisher.publisher.publish(names.fraudConfirmations, [
        { key: fraud.cardToken, value: Buffer.from(JSON.stringify(confirmation)) },
        // A repeat (a redelivery, or the case system sending it twice) counts once.
        { key: fraud.cardToken, value: Buffer.from(JSON.stringify(confirmation)) },
        {
          key: fraud.cardToken,
          value: Buffer.from(JSON.stringify({ ...confirmation, confirmedAt: new Date(DAY_0 - DAY).toISOString() })),
        },
      ]);
      await waitUntil(
        async () => (await confirmations(engine, 'counted')) + (await confirmations(engine, 'not_counted')) >= 2,
        { description: 'both valid confirmations read', timeoutMs: 120_000, intervalMs: 1_000 },
      );
      await publishTransactions(publisher.publisher, names.transactions, [twoDaysLater, threeDaysLater], { chunk: 1 });
      await waitUntil(async () => (await features()).size >= 5, {
        description: 'five feature vectors',
        timeoutMs: 120_000,
        intervalMs: 1_000,
      });
    });

    afterAll(async () => {
      const exit = await engine.stop();
      await publisher.close();
      await leases?.stop();
      expect(exit).toEqual({ code: 0, signal: null });
    });

    it('counts a confirmed fraud once, on its transaction’s day, and serves it two days later', async () => {
      expect(await confirmations(engine, 'counted')).toBe(1);
      expect(await confirmations(engine, 'not_counted')).toBe(1);
      const emitted = await features();
      // Day 0 has no day 2 behind it yet.
      expect(emitted.get(fraud.transactionId)).toMatchObject({
        merchant_txn_count_1d_delay2d: 0,
        merchant_fraud_rate_1d_delay2d: 0,
      });
      expect(emitted.get(twoDaysLater.transactionId)).toMatchObject({
        merchant_txn_count_1d_delay2d: 3,
        merchant_fraud_rate_1d_delay2d: 1 / 3,
        merchant_txn_count_7d_delay2d: 3,
        merchant_fraud_rate_7d_delay2d: 1 / 3,
      });
      // Day 1 had no transactions; day 0 is still within the 7 days.
      expect(emitted.get(threeDaysLater.transactionId)).toMatchObject({
        merchant_txn_count_1d_delay2d: 0,
        merchant_fraud_rate_1d_delay2d: 0,
        merchant_txn_count_7d_delay2d: 3,
        merchant_fraud_rate_7d_delay2d: 1 / 3,
        // Card a: day 0 and day 3, both within 7 days.
        card_txn_count_7d: 2,
        card_txn_count_30d: 2,
        card_amount_avg_30d: exampleTransaction.amountMinor,
        amount_to_card_avg_30d: 1,
      });
    });

    it('dead-letters a malformed confirmation with the reason', async () => {
      const letters = decodeRecords(
        await readStream(transport, infra, names.deadLetter('fraud-confirmations')),
        decodeDeadLetter,
      );
      expect(letters.map(({ event: { error, sourceStream } }) => ({ error, sourceStream }))).toEqual([
        {
          error: 'invalid FraudConfirmation: confirmedAt: expected at or after timestamp',
          sourceStream: names.fraudConfirmations,
        },
      ]);
    });
  },
);
