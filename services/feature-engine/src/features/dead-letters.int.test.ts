import { decodeDeadLetter, decodeTransactionFeatures, exampleTransaction, streamNames } from '@fraud/contracts';
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

import { FEATURE_ENGINE_ENTRY, featureEngineEnv } from '../test-support/feature-engine-env.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

describe('the feature engine with malformed records (kafka)', () => {
  const infra = inject('infra');
  const prefix = uniqueStreamPrefix('fe-dlq');
  const env = featureEngineEnv(inject('infraEnv'), 'kafka', prefix);
  const names = streamNames(prefix);
  let publisher: StreamTransport;
  let engine: ServiceProcess;

  const valid = (id: string) => ({ ...exampleTransaction, transactionId: id });
  const records = [
    { key: exampleTransaction.cardToken, value: Buffer.from(JSON.stringify(valid('before'))) },
    { key: exampleTransaction.cardToken, value: Buffer.from('{"transactionId": "broken"') },
    {
      key: exampleTransaction.cardToken,
      value: Buffer.from(JSON.stringify({ ...valid('negative'), amountMinor: -5 })),
    },
    { key: exampleTransaction.cardToken, value: Buffer.from(JSON.stringify(valid('after'))) },
  ];

  beforeAll(async () => {
    publisher = testTransport({ ...env });
    await publisher.connect();
    await publisher.ensureStreams(names.all, 4);
    engine = await startServiceProcess({ entry: FEATURE_ENGINE_ENTRY, env, readyTimeoutMs: 60_000 });
    await publisher.publisher.publish(names.transactions, records);
    await waitUntil(async () => (await readStream('kafka', infra, names.transactionFeatures)).length >= 2, {
      description: 'feature vectors of the valid records',
      timeoutMs: 60_000,
    });
  });

  afterAll(async () => {
    await engine.stop();
    await publisher.close();
  });

  it('dead-letters each malformed record with the reason and handles the records after it', async () => {
    const letters = decodeRecords(
      await readStream('kafka', infra, names.deadLetter('transactions')),
      decodeDeadLetter,
    ).map(({ event }) => event);
    expect(letters.map(({ error, attempts, sourceStream }) => ({ error, attempts, sourceStream }))).toEqual([
      {
        error: 'invalid Transaction: payload is not valid JSON (at character 26)',
        attempts: 1,
        sourceStream: names.transactions,
      },
      {
        error: 'invalid Transaction: amountMinor: expected a positive integer',
        attempts: 1,
        sourceStream: names.transactions,
      },
    ]);
    expect(letters.map((letter) => Buffer.from(letter.payloadBase64, 'base64'))).toEqual([
      records[1]?.value,
      records[2]?.value,
    ]);

    const features = decodeRecords(
      await readStream('kafka', infra, names.transactionFeatures),
      decodeTransactionFeatures,
    );
    expect(features.map(({ event: f }) => [f.transactionId, f.features.card_txn_count_10m])).toEqual([
      ['before', 1],
      ['after', 2],
    ]);
  });
});
