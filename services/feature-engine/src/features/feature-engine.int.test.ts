import { streamNames } from '@fraud/contracts';
import { readStream, type ServiceProcess, startServiceProcess, uniqueStreamPrefix, waitUntil } from '@fraud/testing';
import type { StreamTransport } from '@fraud/transport';
import { testTransport } from '@fraud/transport/testing';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

import { engineStreams, FEATURE_ENGINE_ENTRY, featureEngineEnv } from '../test-support/feature-engine-env.js';
import { ownLeaseTable, type LeaseTable } from '../test-support/lease-table.js';
import { publishTransactions } from '../test-support/publish-transactions.js';
import { readServiceStreams, referenceFirstOutputs, referenceParity } from '../test-support/reference-parity.js';
import { serviceStream } from '../test-support/service-stream.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 300_000 });

const COUNT = 3_000;

describe.each(['kafka', 'kinesis'] as const)('the feature engine on %s', (transport) => {
  const infra = inject('infra');
  const prefix = uniqueStreamPrefix(`fe-${transport}`);
  const names = streamNames(prefix);
  const published = serviceStream(7, COUNT, 80, 300_000);
  let publisher: StreamTransport;
  let engine: ServiceProcess;
  let leases: LeaseTable | undefined;

  beforeAll(async () => {
    leases = await ownLeaseTable(transport);
    const env = featureEngineEnv(inject('infraEnv'), transport, prefix, leases.env);
    publisher = testTransport(env);
    await publisher.connect();
    await publisher.ensureStreams(engineStreams(names), 4);
    engine = await startServiceProcess({ entry: FEATURE_ENGINE_ENTRY, env, readyTimeoutMs: 90_000 });
    await publishTransactions(publisher.publisher, names.transactions, published, { chunk: 250 });
    await waitUntil(async () => (await readStream(transport, infra, names.transactionFeatures)).length >= COUNT, {
      description: `${COUNT} feature vectors`,
      timeoutMs: 240_000,
      intervalMs: 2_000,
    });
  });

  afterAll(async () => {
    const exit = await engine.stop();
    await publisher.close();
    await leases?.stop();
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('emits one feature vector per record, and the first per transactionId equals the offline reference', async () => {
    const { inputs, outputs } = await readServiceStreams(transport, infra, names);
    expect(inputs).toHaveLength(COUNT);
    expect(outputs).toHaveLength(COUNT);
    expect(referenceParity(inputs, outputs)).toEqual({ missing: [], unexpected: [], mismatches: [] });

    // The stream exercised what it should.
    const expected = referenceFirstOutputs(inputs);
    expect([...expected.values()].filter((o) => o.late).length).toBeGreaterThan(10);
    expect(inputs.length - expected.size).toBeGreaterThan(200);
  });

  it('keys every feature vector by card token, in each card’s input order', async () => {
    const { inputs, outputs } = await readServiceStreams(transport, infra, names);
    const inputOrder = new Map<string, string[]>();
    for (const { event } of inputs) {
      inputOrder.set(event.cardToken, [...(inputOrder.get(event.cardToken) ?? []), event.transactionId]);
    }
    const outputOrder = new Map<string, string[]>();
    for (const { key, event } of outputs) {
      expect(key).toBe(event.cardToken);
      outputOrder.set(key, [...(outputOrder.get(key) ?? []), event.transactionId]);
    }
    expect(outputOrder).toEqual(inputOrder);
  });
});
