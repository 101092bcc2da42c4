import { streamNames, type TransactionFeatures } from '@fraud/contracts';
import {
  type CannedAnswer,
  type HttpProxy,
  metricSum,
  type ServiceProcess,
  startHttpProxy,
  startServiceProcess,
  uniqueStreamPrefix,
  waitUntil,
} from '@fraud/testing';
import type { StreamTransport } from '@fraud/transport';
import { testTransport } from '@fraud/transport/testing';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

import { MODEL_ENDPOINT_ENTRY, modelEndpointEnv } from '../../../model-endpoint/src/test-support/model-endpoint-env.js';
import { featureRecords, publishFeatureRecords } from '../test-support/feature-records.js';
import { INFERENCE_ENTRY, inferenceEnv, inferenceStreams } from '../test-support/inference-env.js';
import { featuresAppendedAt, readScores } from '../test-support/read-scores.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

const TIMEOUT_MS = 1_000;
const SLOW_MS = 4_000;
const ATTEMPTS = 3;
/** What SageMaker answers when the model container fails. */
const INTERNAL_FAILURE: CannedAnswer = {
  status: 500,
  headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalFailure' },
  body: JSON.stringify({ message: 'An internal error occurred (test proxy).' }),
};
/** A 200 whose body is not scores: a gateway's error page. */
const NOT_SCORES: CannedAnswer = {
  status: 200,
  headers: { 'content-type': 'text/csv' },
  body: '<html><body>502 Bad Gateway</body></html>\n',
};

/**
 * A real HTTP proxy between the service and the model endpoint makes it slow
 * or failing. One transaction at a time, so each is one call and its
 * attempts are counted exactly. On Kafka only: the behaviour is the
 * service's toward the endpoint, whatever the transport.
 */
describe('the inference service toward a slow or failing endpoint (kafka)', () => {
  const infra = inject('infra');
  const prefix = uniqueStreamPrefix('inf-faults');
  const names = streamNames(prefix);
  const records = featureRecords(71, 6);
  let publisher: StreamTransport;
  let endpoint: ServiceProcess;
  let proxy: HttpProxy;
  let service: ServiceProcess;

  /** Publishes one transaction and waits for its score; resolves with the calls the proxy received meanwhile. */
  async function scoreOne(record: TransactionFeatures, published: number): Promise<number> {
    const calls = proxy.requests();
    await publishFeatureRecords(publisher.publisher, names.transactionFeatures, [record]);
    await waitUntil(async () => (await metricSum(service.baseUrl, 'inference_scores_total')) >= published, {
      description: `the score of ${record.transactionId}`,
      timeoutMs: 30_000,
      intervalMs: 50,
    });
    return proxy.requests() - calls;
  }

  async function sourceOf(record: TransactionFeatures): Promise<string | undefined> {
    const scores = await readScores('kafka', infra, names.fraudScores);
    return scores.find(({ score }) => score.transactionId === record.transactionId)?.score.source;
  }

  const [warmUp, slow, recovers500, fails500, recoversGarbage, failsGarbage] = records as [
    TransactionFeatures,
    TransactionFeatures,
    TransactionFeatures,
    TransactionFeatures,
    TransactionFeatures,
    TransactionFeatures,
  ];
  const calls: Record<string, number> = {};

  beforeAll(async () => {
    endpoint = await startServiceProcess({ entry: MODEL_ENDPOINT_ENTRY, env: modelEndpointEnv() });
    proxy = await startHttpProxy(endpoint.baseUrl);
    const env = inferenceEnv(inject('infraEnv'), 'kafka', prefix, proxy.url, {
      INFERENCE_TIMEOUT_MS: String(TIMEOUT_MS),
      INFERENCE_MAX_ATTEMPTS: String(ATTEMPTS),
      INFERENCE_RETRY_INITIAL_MS: '10',
      INFERENCE_RETRY_MAX_MS: '50',
      // These tests count attempts: the breaker must stay closed.
      INFERENCE_BREAKER_FAILURES: '100',
    });
    publisher = testTransport(env);
    await publisher.connect();
    await publisher.ensureStreams(inferenceStreams(names), 4);
    service = await startServiceProcess({ entry: INFERENCE_ENTRY, env, readyTimeoutMs: 90_000 });

    // A first call through an open path: the client's first request (its connection, its
    // SDK set-up) can take longer than the short timeout on a loaded machine, and would
    // then time out before reaching the proxy.
    calls.warmUp = await scoreOne(warmUp, 1);
    proxy.delayBy(SLOW_MS);
    calls.slow = await scoreOne(slow, 2);
    proxy.answerNext(ATTEMPTS - 1, INTERNAL_FAILURE);
    calls.recovers500 = await scoreOne(recovers500, 3);
    proxy.answerNext(ATTEMPTS, INTERNAL_FAILURE);
    calls.fails500 = await scoreOne(fails500, 4);
    proxy.answerNext(ATTEMPTS - 1, NOT_SCORES);
    calls.recoversGarbage = await scoreOne(recoversGarbage, 5);
    proxy.answerNext(ATTEMPTS, NOT_SCORES);
    calls.failsGarbage = await scoreOne(failsGarbage, 6);
  });

  afterAll(async () => {
    const exit = await service.stop();
    await proxy.close();
    await endpoint.stop();
    await publisher.close();
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('scores by the model through an endpoint that answers at once', async () => {
    expect({ calls: calls.warmUp, source: await sourceOf(warmUp) }).toEqual({ calls: 1, source: 'model' });
  });

  it('gives up on a slow response at the timeout, without retrying, and scores by the rules', async () => {
    const appended = await featuresAppendedAt('kafka', infra, names.transactionFeatures);
    const score = (await readScores('kafka', infra, names.fraudScores)).find(
      ({ score: s }) => s.transactionId === slow.transactionId,
    );
    const delay = (score?.appendedAt.getTime() ?? 0) - (appended.get(slow.transactionId)?.getTime() ?? 0);

    expect({ calls: calls.slow, source: score?.score.source }).toEqual({ calls: 1, source: 'rules' });
    expect(delay).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(delay).toBeLessThan(SLOW_MS);
    expect(await metricSum(service.baseUrl, 'inference_fallbacks_total', { reason: 'timeout' })).toBe(1);
    expect(await metricSum(service.baseUrl, 'inference_endpoint_call_seconds_count', { outcome: 'timeout' })).toBe(1);
  });

  it('retries a 500 and scores by the model when a retry succeeds', async () => {
    expect({ calls: calls.recovers500, source: await sourceOf(recovers500) }).toEqual({ calls: 3, source: 'model' });
  });

  it('retries a 500 up to the attempts, then scores by the rules', async () => {
    expect({ calls: calls.fails500, source: await sourceOf(fails500) }).toEqual({ calls: 3, source: 'rules' });
    expect(await metricSum(service.baseUrl, 'inference_fallbacks_total', { reason: 'endpoint_error' })).toBe(1);
    expect(await metricSum(service.baseUrl, 'inference_endpoint_retries_total', { reason: 'endpoint_error' })).toBe(4);
  });

  it('retries a malformed answer and scores by the model when a retry succeeds', async () => {
    expect({ calls: calls.recoversGarbage, source: await sourceOf(recoversGarbage) }).toEqual({
      calls: 3,
      source: 'model',
    });
  });

  it('retries a malformed answer up to the attempts, then scores by the rules', async () => {
    expect({ calls: calls.failsGarbage, source: await sourceOf(failsGarbage) }).toEqual({ calls: 3, source: 'rules' });
    expect(await metricSum(service.baseUrl, 'inference_fallbacks_total', { reason: 'malformed_response' })).toBe(1);
    expect(await metricSum(service.baseUrl, 'inference_endpoint_retries_total', { reason: 'malformed_response' })).toBe(
      4,
    );
    expect(await metricSum(service.baseUrl, 'inference_fallbacks_total')).toBe(3);
  });
});
