import {
  decodeTransaction,
  decodeTransactionFeatures,
  streamNames,
  type Transaction,
  type TransactionFeatures,
} from '@fraud/contracts';
import { ReferenceFeatureEngine, type ReferenceOutput } from '@fraud/features';
import { readStream, startServiceProcess, waitUntil, type ServiceProcess, type StoredRecord } from '@fraud/testing';
import type { StreamTransport } from '@fraud/transport';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

import {
  FEATURE_ENGINE_ENTRY,
  featureEngineEnv,
  testTransport,
  uniquePrefix,
} from '../test-support/feature-engine-env.js';
import { serviceStream } from '../test-support/service-stream.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 300_000 });

const COUNT = 3_000;
const TOLERANCE = 1e-9;

function decodeAll<T>(
  records: readonly StoredRecord[],
  decode: (bytes: Buffer) => { ok: true; value: T } | { ok: false; error: Error },
): { partition: string; value: T }[] {
  return records.map((record) => {
    const decoded = decode(record.value);
    if (!decoded.ok) throw decoded.error;
    return { partition: record.partition, value: decoded.value };
  });
}

describe.each(['kafka', 'kinesis'] as const)('the feature engine on %s', (transport) => {
  const infra = inject('infra');
  const prefix = uniquePrefix(`fe-${transport}`);
  const env = featureEngineEnv(inject('infraEnv'), transport, prefix);
  const names = streamNames(prefix);
  const published = serviceStream(7, COUNT, 80, 300_000);
  let publisher: StreamTransport;
  let engine: ServiceProcess;

  beforeAll(async () => {
    publisher = testTransport(env);
    await publisher.connect();
    await publisher.ensureStreams(names.all, 4);
    engine = await startServiceProcess({ entry: FEATURE_ENGINE_ENTRY, env, readyTimeoutMs: 90_000 });
    // In publish order, a few hundred at a time: each card's records keep their order.
    for (let i = 0; i < published.length; i += 250) {
      const chunk = published.slice(i, i + 250);
      await publisher.publisher.publish(
        names.transactions,
        chunk.map((t) => ({ key: t.cardToken, value: Buffer.from(JSON.stringify(t)) })),
      );
    }
    await waitUntil(async () => (await readStream(transport, infra, names.transactionFeatures)).length >= COUNT, {
      description: `${COUNT} feature vectors`,
      timeoutMs: 240_000,
      intervalMs: 2_000,
    });
  });

  afterAll(async () => {
    const exit = await engine.stop();
    await publisher.close();
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('emits one feature vector per record, and the first per transactionId equals the offline reference', async () => {
    const inputs = decodeAll<Transaction>(await readStream(transport, infra, names.transactions), decodeTransaction);
    const outputs = decodeAll<TransactionFeatures>(
      await readStream(transport, infra, names.transactionFeatures),
      decodeTransactionFeatures,
    );
    expect(inputs).toHaveLength(COUNT);
    expect(outputs).toHaveLength(COUNT);

    // The reference over each partition in order (merchants serve one card each, so partitions may go in turn).
    const reference = new ReferenceFeatureEngine();
    const expected = new Map<string, ReferenceOutput>();
    for (const { partition, value } of inputs) {
      const output = reference.process(value, partition);
      if (!expected.has(value.transactionId)) expected.set(value.transactionId, output);
    }
    const firstEmitted = new Map<string, TransactionFeatures>();
    for (const { value } of outputs)
      if (!firstEmitted.has(value.transactionId)) firstEmitted.set(value.transactionId, value);

    expect([...firstEmitted.keys()].sort()).toEqual([...expected.keys()].sort());
    const mismatches: string[] = [];
    for (const [id, want] of expected) {
      const got = firstEmitted.get(id);
      if (got === undefined) continue;
      if (got.late !== want.late) mismatches.push(`${id}: late ${got.late} != ${want.late}`);
      for (const [name, value] of Object.entries(want.features)) {
        const actual = got.features[name];
        if (!(actual !== undefined && Math.abs(actual - value) <= TOLERANCE))
          mismatches.push(`${id}: ${name} ${actual} != ${value}`);
      }
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
    // The stream exercised what it should.
    expect([...expected.values()].filter((o) => o.late).length).toBeGreaterThan(10);
    expect(inputs.length - expected.size).toBeGreaterThan(200);
  });

  it('keys every feature vector by card token, in each card’s input order', async () => {
    const outputs = await readStream(transport, infra, names.transactionFeatures);
    const inputOrder = new Map<string, string[]>();
    for (const { value } of decodeAll<Transaction>(
      await readStream(transport, infra, names.transactions),
      decodeTransaction,
    )) {
      inputOrder.set(value.cardToken, [...(inputOrder.get(value.cardToken) ?? []), value.transactionId]);
    }
    const outputOrder = new Map<string, string[]>();
    for (const record of outputs) {
      const decoded = decodeTransactionFeatures(record.value);
      if (!decoded.ok) throw decoded.error;
      expect(record.key).toBe(decoded.value.cardToken);
      outputOrder.set(record.key, [...(outputOrder.get(record.key) ?? []), decoded.value.transactionId]);
    }
    expect(outputOrder).toEqual(inputOrder);
  });
});
