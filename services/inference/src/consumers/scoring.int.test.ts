import { exampleTransactionFeatures, streamNames } from '@fraud/contracts';
import { metricSum, type ServiceProcess, startServiceProcess, uniqueStreamPrefix, waitUntil } from '@fraud/testing';
import type { StreamTransport } from '@fraud/transport';
import { testTransport } from '@fraud/transport/testing';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

import { MODEL_ENDPOINT_ENTRY, modelEndpointEnv } from '../../../model-endpoint/src/test-support/model-endpoint-env.js';
import { committedManifest, endpointScores } from '../test-support/endpoint-scores.js';
import { featureRecords, publishFeatureRecords, withRepeats } from '../test-support/feature-records.js';
import { INFERENCE_ENTRY, inferenceEnv, inferenceStreams } from '../test-support/inference-env.js';
import { readDeadLetters, readScores } from '../test-support/read-scores.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 240_000 });

const DISTINCT = 1_200;

describe.each(['kafka', 'kinesis'] as const)('the inference service on %s', (transport) => {
  const infra = inject('infra');
  const prefix = uniqueStreamPrefix(`inf-${transport}`);
  const names = streamNames(prefix);
  // A world whose first 1,200 transactions the committed model scores allow, review and block (1,147 / 4 / 49).
  const records = featureRecords(70, DISTINCT);
  // Repeated in the stream (some in the batch of their first copy), then some again once all were scored.
  const firstRound = withRepeats(records, 0.1, 61);
  const secondRound = records.slice(0, 100);
  const malformed = [
    { key: exampleTransactionFeatures.cardToken, value: Buffer.from('{"transactionId": "broken"') },
    {
      key: exampleTransactionFeatures.cardToken,
      value: Buffer.from(JSON.stringify({ ...exampleTransactionFeatures, late: 'no' })),
    },
  ];
  const published = firstRound.length + secondRound.length + malformed.length;
  let publisher: StreamTransport;
  let endpoint: ServiceProcess;
  let service: ServiceProcess;

  const consumed = (): Promise<number> =>
    metricSum(service.baseUrl, 'transport_records_consumed_total', { stream: names.transactionFeatures });

  beforeAll(async () => {
    endpoint = await startServiceProcess({ entry: MODEL_ENDPOINT_ENTRY, env: modelEndpointEnv() });
    const env = inferenceEnv(inject('infraEnv'), transport, prefix, endpoint.baseUrl);
    publisher = testTransport(env);
    await publisher.connect();
    await publisher.ensureStreams(inferenceStreams(names), 2);
    service = await startServiceProcess({ entry: INFERENCE_ENTRY, env, readyTimeoutMs: 90_000 });
    await publishFeatureRecords(publisher.publisher, names.transactionFeatures, firstRound);
    await publisher.publisher.publish(names.transactionFeatures, malformed);
    await waitUntil(async () => (await consumed()) >= firstRound.length + malformed.length, {
      description: 'the first round consumed',
      timeoutMs: 120_000,
      intervalMs: 500,
    });
    await publishFeatureRecords(publisher.publisher, names.transactionFeatures, secondRound);
    await waitUntil(async () => (await consumed()) >= published, {
      description: `all ${published} records consumed`,
      timeoutMs: 60_000,
      intervalMs: 500,
    });
  });

  afterAll(async () => {
    const exit = await service.stop();
    await endpoint.stop();
    await publisher.close();
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('publishes one score per transaction, however often it came, keyed by card token, with the transaction and features carried through', async () => {
    const scores = await readScores(transport, infra, names.fraudScores);
    const byId = new Map(records.map((record) => [record.transactionId, record]));

    expect(scores).toHaveLength(DISTINCT);
    expect(new Set(scores.map(({ score }) => score.transactionId))).toEqual(new Set(byId.keys()));
    for (const { key, score } of scores) {
      const input = byId.get(score.transactionId)!;
      expect(key).toBe(input.cardToken);
      expect({
        cardToken: score.cardToken,
        timestamp: score.timestamp,
        transaction: score.transaction,
        features: score.features,
      }).toEqual({
        cardToken: input.cardToken,
        timestamp: input.timestamp,
        transaction: input.transaction,
        features: input.features,
      });
    }
    expect(await metricSum(service.baseUrl, 'inference_duplicates_skipped_total')).toBe(
      published - malformed.length - DISTINCT,
    );
  });

  it('gives each transaction the endpoint’s own score for its row, decided on the manifest’s thresholds', async () => {
    const manifest = await committedManifest();
    const expected = await endpointScores(endpoint.baseUrl, records);
    const scores = await readScores(transport, infra, names.fraudScores);

    const mismatches = scores
      .map(({ score }) => score)
      .filter((score) => {
        const want = expected.get(score.transactionId) ?? Number.NaN;
        const decision =
          want >= manifest.thresholds.block ? 'block' : want >= manifest.thresholds.review ? 'review' : 'allow';
        return !(
          score.score === want &&
          score.decision === decision &&
          score.source === 'model' &&
          score.modelVersion === manifest.modelVersion
        );
      });
    expect(mismatches.slice(0, 5)).toEqual([]);
    // The stream exercised every decision.
    expect(new Set(scores.map(({ score }) => score.decision))).toEqual(new Set(['allow', 'review', 'block']));
    expect(await metricSum(service.baseUrl, 'inference_scores_total', { source: 'model' })).toBe(DISTINCT);
    expect(await metricSum(service.baseUrl, 'inference_fallbacks_total')).toBe(0);
  });

  it('dead-letters the records that fail the contract, with the reason', async () => {
    const letters = await readDeadLetters(transport, infra, names.deadLetter('transaction-features'));

    expect(letters.map(({ error, attempts, sourceStream }) => ({ error, attempts, sourceStream }))).toEqual([
      {
        error: 'invalid TransactionFeatures: payload is not valid JSON (at character 26)',
        attempts: 1,
        sourceStream: names.transactionFeatures,
      },
      {
        error: 'invalid TransactionFeatures: late: expected boolean, received string',
        attempts: 1,
        sourceStream: names.transactionFeatures,
      },
    ]);
  });
});
