import { setTimeout as sleep } from 'node:timers/promises';

import { streamNames } from '@fraud/contracts';
import {
  freePort,
  metricSum,
  type ServiceProcess,
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
import { featuresAppendedAt, readScores, type PublishedScore } from '../test-support/read-scores.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 240_000 });

const TIMEOUT_MS = 1_000;
const HALF_OPEN_AFTER_MS = 2_000;
const PHASE = 100;

/**
 * On Kafka only: what is under test is between the service and the endpoint,
 * the same whatever the transport (both are covered by scoring.int.test.ts),
 * and the latency bound below would mostly measure kinesis-local's polling.
 */
describe('the inference service while the model endpoint is stopped and restarted (kafka)', () => {
  const infra = inject('infra');
  const prefix = uniqueStreamPrefix('inf-outage');
  const names = streamNames(prefix);
  const records = featureRecords(67, 3 * PHASE);
  const phase = (index: number) => records.slice(index * PHASE, (index + 1) * PHASE);
  const [before, during, after] = [phase(0), phase(1), phase(2)];
  let publisher: StreamTransport;
  let endpoint: ServiceProcess | undefined;
  let service: ServiceProcess;
  let endpointEnv: Record<string, string>;
  const seen: { breakerStateDuring?: number; breakerOpenedDuring?: number } = {};

  const scored = (): Promise<number> => metricSum(service.baseUrl, 'inference_scores_total');
  // In chunks apart, so calls come while the breaker is open, not only the ones that opened it.
  const publishPhase = async (phase: readonly (typeof records)[number][], total: number): Promise<void> => {
    await publishFeatureRecords(publisher.publisher, names.transactionFeatures, phase, { chunk: 10, pauseMs: 50 });
    await waitUntil(async () => (await scored()) >= total, {
      description: `${total} scores`,
      timeoutMs: 60_000,
      intervalMs: 100,
    });
  };

  beforeAll(async () => {
    endpointEnv = modelEndpointEnv({ HTTP_PORT: String(await freePort()) });
    endpoint = await startServiceProcess({ entry: MODEL_ENDPOINT_ENTRY, env: endpointEnv });
    const env = inferenceEnv(inject('infraEnv'), 'kafka', prefix, endpoint.baseUrl, {
      INFERENCE_TIMEOUT_MS: String(TIMEOUT_MS),
      INFERENCE_BREAKER_FAILURES: '3',
      INFERENCE_BREAKER_HALF_OPEN_AFTER_MS: String(HALF_OPEN_AFTER_MS),
      INFERENCE_RETRY_INITIAL_MS: '10',
      INFERENCE_RETRY_MAX_MS: '50',
    });
    publisher = testTransport(env);
    await publisher.connect();
    await publisher.ensureStreams(inferenceStreams(names), 4);
    service = await startServiceProcess({ entry: INFERENCE_ENTRY, env, readyTimeoutMs: 90_000 });

    await publishPhase(before, PHASE);
    await endpoint.stop();
    endpoint = undefined;
    await publishPhase(during, 2 * PHASE);
    seen.breakerStateDuring = await metricSum(service.baseUrl, 'inference_circuit_breaker_state');
    seen.breakerOpenedDuring = await metricSum(service.baseUrl, 'inference_circuit_breaker_opened_total');
    endpoint = await startServiceProcess({ entry: MODEL_ENDPOINT_ENTRY, env: endpointEnv });
    // Past the breaker's open period: the next call is its test call.
    await sleep(HALF_OPEN_AFTER_MS + 500);
    await publishPhase(after, 3 * PHASE);
  });

  afterAll(async () => {
    const exit = await service.stop();
    await endpoint?.stop();
    await publisher.close();
    expect(exit).toEqual({ code: 0, signal: null });
  });

  const sourcesOf = (scores: readonly PublishedScore[], phase: readonly (typeof records)[number][]) => {
    const ids = new Set(phase.map((record) => record.transactionId));
    return scores.filter(({ score }) => ids.has(score.transactionId)).map(({ score }) => score.source);
  };

  it('loses no transaction: one score for each, before, during and after the outage', async () => {
    const scores = await readScores('kafka', infra, names.fraudScores);

    expect(scores.map(({ score }) => score.transactionId).sort()).toEqual(
      records.map((record) => record.transactionId).sort(),
    );
  });

  it('scores by the model before, by the rules while the endpoint is down, and by the model once it is back', async () => {
    const scores = await readScores('kafka', infra, names.fraudScores);

    expect(sourcesOf(scores, before)).toEqual(Array.from({ length: PHASE }, () => 'model'));
    expect(sourcesOf(scores, during)).toEqual(Array.from({ length: PHASE }, () => 'rules'));
    expect(sourcesOf(scores, after)).toEqual(Array.from({ length: PHASE }, () => 'model'));
    expect(scores.filter(({ score }) => score.source === 'rules').map(({ score }) => score.modelVersion)).toEqual(
      Array.from({ length: PHASE }, () => 'rules-v1'),
    );
    expect(await metricSum(service.baseUrl, 'inference_fallbacks_total')).toBe(PHASE);
  });

  it('published each fallback score within the call timeout of its feature record', async () => {
    const appended = await featuresAppendedAt('kafka', infra, names.transactionFeatures);
    const ids = new Set(during.map((record) => record.transactionId));
    const delays = (await readScores('kafka', infra, names.fraudScores))
      .filter(({ score }) => ids.has(score.transactionId))
      .map(({ score, appendedAt }) => appendedAt.getTime() - (appended.get(score.transactionId)?.getTime() ?? 0));

    expect(delays).toHaveLength(PHASE);
    expect(Math.max(...delays)).toBeLessThan(TIMEOUT_MS);
  });

  it('opened the breaker during the outage, and closed it when the endpoint answered again', async () => {
    expect(seen.breakerStateDuring).toBe(1);
    expect(seen.breakerOpenedDuring).toBeGreaterThanOrEqual(1);
    expect(await metricSum(service.baseUrl, 'inference_circuit_breaker_state')).toBe(0);
    // The calls that failed before it opened, then the rows it turned away at once.
    const failed = await metricSum(service.baseUrl, 'inference_fallbacks_total', { reason: 'endpoint_error' });
    const turnedAway = await metricSum(service.baseUrl, 'inference_fallbacks_total', { reason: 'circuit_open' });
    expect(failed + turnedAway).toBe(PHASE);
    expect(turnedAway).toBeGreaterThan(0);
  });
});
