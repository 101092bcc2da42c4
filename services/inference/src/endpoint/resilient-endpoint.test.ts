import { setTimeout as sleep } from 'node:timers/promises';

import pino from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';

import { InferenceMetrics } from '../scoring/inference-metrics.js';
import { MalformedResponseError } from '../scoring/malformed-response-error.js';
import { ResilientEndpoint, type ResilienceOptions } from './resilient-endpoint.js';
import type { ScoringEndpoint } from './scoring-endpoint.js';

const OPTIONS: ResilienceOptions = {
  timeoutMs: 50,
  maxAttempts: 3,
  backoff: { initialMs: 1, maxMs: 2, multiplier: 2 },
  breakerFailures: 5,
  halfOpenAfterMs: 40,
  maxConcurrency: 4,
};

/** An endpoint that answers each call with the next behaviour of its script (the last one repeats), scoring 0.5 per row. */
function scripted(...script: ('ok' | 'slow' | Error)[]) {
  const calls: { rows: number; aborted: () => boolean }[] = [];
  const endpoint: ScoringEndpoint = {
    score: async (rows, signal) => {
      calls.push({ rows: rows.length, aborted: () => signal.aborted });
      const step = script[Math.min(calls.length, script.length) - 1];
      if (step instanceof Error) throw step;
      if (step === 'slow') await sleep(10_000, undefined, { signal });
      return rows.map(() => 0.5);
    },
  };
  return { endpoint, calls };
}

function resilient(endpoint: ScoringEndpoint, options: Partial<ResilienceOptions> = {}) {
  const metrics = new InferenceMetrics(new Registry());
  return {
    model: new ResilientEndpoint(endpoint, { ...OPTIONS, ...options }, metrics, pino({ level: 'silent' })),
    metrics,
  };
}

async function sample(metric: { get(): Promise<{ values: { value: number; labels: object }[] }> }): Promise<unknown> {
  return (await metric.get()).values.map(({ labels, value }) => ({ ...labels, value }));
}

const serverError = () => Object.assign(new Error('InternalFailure'), { $metadata: { httpStatusCode: 500 } });
const throttled = () => Object.assign(new Error('ThrottlingException'), { $retryable: { throttling: true } });
const refused = () => Object.assign(new Error('ValidationError'), { $metadata: { httpStatusCode: 400 } });

describe('ResilientEndpoint', () => {
  it('retries throttling and 5xx, then answers the scores', async () => {
    const { endpoint, calls } = scripted(throttled(), serverError(), 'ok');
    const { model, metrics } = resilient(endpoint);

    expect(await model.score([[1], [2]])).toEqual({ ok: true, scores: [0.5, 0.5] });
    expect(calls.map((call) => call.rows)).toEqual([2, 2, 2]);
    expect(await sample(metrics.callRetries)).toEqual([{ reason: 'endpoint_error', value: 2 }]);
  });

  it('retries a malformed answer up to the attempts, then says why it gave no scores', async () => {
    const malformed = new MalformedResponseError('expected 1 score(s), got 0: ""');
    const { endpoint, calls } = scripted(malformed);
    const { model, metrics } = resilient(endpoint);

    expect(await model.score([[1]])).toEqual({ ok: false, reason: 'malformed_response', error: malformed });
    expect(calls).toHaveLength(3);
    expect(await sample(metrics.callRetries)).toEqual([{ reason: 'malformed_response', value: 2 }]);
  });

  it('gives up on a call past its deadline at once, aborting it, without retrying', async () => {
    const { endpoint, calls } = scripted('slow');
    const { model } = resilient(endpoint);

    const started = performance.now();
    const answer = await model.score([[1]]);
    const elapsed = performance.now() - started;

    expect(answer).toMatchObject({ ok: false, reason: 'timeout' });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.aborted()).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(49);
    expect(elapsed).toBeLessThan(500);
  });

  it('does not retry a refused request (4xx)', async () => {
    const error = refused();
    const { endpoint, calls } = scripted(error);
    const { model } = resilient(endpoint);

    expect(await model.score([[1]])).toEqual({ ok: false, reason: 'endpoint_error', error });
    expect(calls).toHaveLength(1);
  });

  it('opens the breaker after consecutive failures, calls nothing while open, and closes on a test call that succeeds', async () => {
    const { endpoint, calls } = scripted(serverError(), serverError(), serverError(), 'ok');
    const { model, metrics } = resilient(endpoint, { maxAttempts: 1, breakerFailures: 3 });

    for (let call = 0; call < 3; call++) expect(await model.score([[1]])).toMatchObject({ reason: 'endpoint_error' });
    expect(await model.score([[1]])).toMatchObject({ ok: false, reason: 'circuit_open' });
    expect(calls).toHaveLength(3);
    expect(await sample(metrics.breakerState)).toEqual([{ value: 1 }]);
    expect(await sample(metrics.breakerOpened)).toEqual([{ value: 1 }]);

    await sleep(45);
    expect(await model.score([[1]])).toEqual({ ok: true, scores: [0.5] });
    expect(calls).toHaveLength(4);
    expect(await sample(metrics.breakerState)).toEqual([{ value: 0 }]);
  });

  it('keeps at most maxConcurrency calls in flight; the others wait their turn', async () => {
    let inFlight = 0;
    let most = 0;
    const endpoint: ScoringEndpoint = {
      score: async (rows) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await sleep(5);
        inFlight -= 1;
        return rows.map(() => 0.25);
      },
    };
    const { model } = resilient(endpoint, { maxConcurrency: 2 });

    const answers = await Promise.all(Array.from({ length: 6 }, () => model.score([[1]])));

    expect(answers).toEqual(Array.from({ length: 6 }, () => ({ ok: true, scores: [0.25] })));
    expect(most).toBe(2);
  });
});
