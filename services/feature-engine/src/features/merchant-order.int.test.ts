import { streamNames, type Transaction, type TransactionFeatures } from '@fraud/contracts';
import { ReferenceFeatureEngine, type ReferenceOutput } from '@fraud/features';
import {
  type DecodedRecord,
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
import { publishTransactions } from '../test-support/publish-transactions.js';
import { FEATURE_TOLERANCE, readServiceStreams } from '../test-support/reference-parity.js';
import { serviceStream } from '../test-support/service-stream.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 300_000 });

const LATENESS_MS = 300_000;
const DAY_MS = 86_400_000;

/** Each transactionId's outputs in the order emitted (a card's outputs keep its order). */
function byId<T>(entries: readonly { id: string; value: T }[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const { id, value } of entries) map.set(id, [...(map.get(id) ?? []), value]);
  return map;
}

/** The differences of emitted vectors from the expected ones, per transactionId and occurrence; the first 20. */
function differences(
  expected: Map<string, ReferenceOutput[]>,
  emitted: Map<string, TransactionFeatures[]>,
  compare: (got: number, want: number) => boolean,
  names: (name: string) => boolean = () => true,
): string[] {
  const found: string[] = [];
  for (const [id, wants] of expected) {
    const gots = emitted.get(id) ?? [];
    if (gots.length !== wants.length) found.push(`${id}: ${gots.length} vectors, ${wants.length} expected`);
    wants.forEach((want, n) => {
      const got = gots[n];
      if (got === undefined) return;
      if (got.late !== want.late) found.push(`${id}#${n}: late ${got.late} != ${want.late}`);
      for (const [name, value] of Object.entries(want.features)) {
        const actual = got.features[name];
        if (names(name) && !(actual !== undefined && compare(actual, value))) {
          found.push(`${id}#${n}: ${name} ${actual} vs ${value}`);
        }
      }
    });
  }
  return found.slice(0, 20);
}

function emittedById(outputs: readonly DecodedRecord<TransactionFeatures>[]): Map<string, TransactionFeatures[]> {
  return byId(outputs.map(({ event }) => ({ id: event.transactionId, value: event })));
}

/**
 * Merchants shared by many cards, through the running service on Kafka.
 * One partition: every emission, repeats included, is the reference's in
 * partition order, whatever the engine's batches. Four partitions over days
 * of event time: a merchant's count never misses its own partition's
 * transactions (no partition's progress forgets what another still counts).
 */
describe('merchant windows through the feature engine (kafka)', () => {
  const infra = inject('infra');
  let publisher: StreamTransport;
  const engines: ServiceProcess[] = [];

  async function runEngine(prefix: string, partitions: number, transactions: readonly Transaction[]) {
    const names = streamNames(prefix);
    const env = featureEngineEnv(inject('infraEnv'), 'kafka', prefix);
    publisher = testTransport(env);
    await publisher.connect();
    await publisher.ensureStreams([names.transactions], partitions);
    await publisher.ensureStreams(engineStreams(names), 4);
    // The backlog is there before the engine starts: its batches are as large as the consumer takes.
    await publishTransactions(publisher.publisher, names.transactions, transactions, { chunk: 500 });
    engines.push(await startServiceProcess({ entry: FEATURE_ENGINE_ENTRY, env, readyTimeoutMs: 90_000 }));
    await waitUntil(
      async () => (await readStream('kafka', infra, names.transactionFeatures)).length >= transactions.length,
      {
        description: `${transactions.length} feature vectors`,
        timeoutMs: 240_000,
        intervalMs: 2_000,
      },
    );
    const streams = await readServiceStreams('kafka', infra, names);
    await publisher.close();
    return streams;
  }

  afterAll(async () => {
    for (const engine of engines) expect(await engine.stop()).toEqual({ code: 0, signal: null });
  });

  describe('a backlog of 5,000 transactions on one partition, 12 merchants', () => {
    let inputs: DecodedRecord<Transaction>[];
    let outputs: DecodedRecord<TransactionFeatures>[];

    beforeAll(async () => {
      const stream = serviceStream(31, 5_000, 400, LATENESS_MS, { sharedMerchants: 12 });
      ({ inputs, outputs } = await runEngine(uniqueStreamPrefix('fe-merchant-one'), 1, stream));
    });

    it('emits for every record, repeats included, exactly the reference’s vector in partition order', () => {
      expect(outputs).toHaveLength(inputs.length);
      const reference = new ReferenceFeatureEngine();
      const expected = byId(inputs.map(({ event }) => ({ id: event.transactionId, value: reference.process(event) })));
      expect(
        differences(expected, emittedById(outputs), (got, want) => Math.abs(got - want) <= FEATURE_TOLERANCE),
      ).toEqual([]);
      // Hot merchants: windows of dozens, so any reordering would show.
      const counts = outputs.map(({ event }) => event.features.merchant_txn_count_10m);
      expect(Math.max(...counts)).toBeGreaterThan(30);
    });
  });

  describe('a backlog over 4 partitions spanning 3 days of event time', () => {
    let inputs: DecodedRecord<Transaction>[];
    let outputs: DecodedRecord<TransactionFeatures>[];

    beforeAll(async () => {
      const count = 4_000;
      const stream = serviceStream(32, count, 400, LATENESS_MS, {
        sharedMerchants: 10,
        meanGapMs: (3 * DAY_MS) / count,
      });
      ({ inputs, outputs } = await runEngine(uniqueStreamPrefix('fe-merchant-four'), 4, stream));
    });

    it('counts in every merchant window at least its own partition’s transactions of that merchant', () => {
      expect(outputs).toHaveLength(inputs.length);
      const first = inputs[0]?.event.timestamp ?? '';
      const last = inputs.at(-1)?.event.timestamp ?? '';
      expect(Date.parse(last) - Date.parse(first)).toBeGreaterThan(2 * DAY_MS);
      // One reference per partition, fed only that partition: its merchant counts are the partition's own.
      const references = new Map<string, ReferenceFeatureEngine>();
      const ownPartition = byId(
        inputs.map(({ partition, event }) => {
          const reference = references.get(partition) ?? new ReferenceFeatureEngine();
          references.set(partition, reference);
          return { id: event.transactionId, value: reference.process(event, partition) };
        }),
      );
      expect(references.size).toBe(4);
      expect(
        differences(
          ownPartition,
          emittedById(outputs),
          (got, want) => got >= want,
          (name) => name === 'merchant_txn_count_10m',
        ),
      ).toEqual([]);
    });
  });
});
