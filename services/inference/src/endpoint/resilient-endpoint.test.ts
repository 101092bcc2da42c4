import pino from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';

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

/**
 * An endpoint that answers each call with the next behaviour of its script (the last one repeats), scoring 0.5 per
 * row; a 'hang' call never answers, and rejects once its signal aborts.
 */
function scripted(...script: ('ok' | 'hang' | Error)[]) {
  const calls: { rows: number; aborted: () => boolean }[] = [];
  const endpoint: ScoringEndpoint = {
    score: async (rows, signal) => {
      calls.push({ rows: rows.length, aborted: () => signal.aborted });
      const step = script[Math.min(calls.length, script.length) - 1];
      if (step instanceof Error) throw step;
      if (step === 'hang') {
        await new Promise((_, reject) => {
          signal.addEventListener(
            'abort',
            () => {
              reject(signal.reason as Error);
            },
            { once: true },
          );
        });
      }
      return rows.map(() => 0.5);
    },
  };
  return { endpoint, calls };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** What `pending` settled to, or 'pending' if it needs more than microtasks: settling would wait for an event. */
async function settledNow<T>(pending: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([pending, turn().then(() => 'pending' as const)]);
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
  afterEach(() => {
    vi.useRealTimers();
  });

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
    // The deadline's timer only; setImmediate stays real, so settledNow() still sees the next turn.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { endpoint, calls } = scripted('hang');
    const { model } = resilient(endpoint);

    const answer = model.score([[1]]);
    await vi.advanceTimersByTimeAsync(OPTIONS.timeoutMs - 1);
    expect(await settledNow(answer)).toBe('pending');
    expect(calls[0]?.aborted()).toBe(false);

    await vi.advanceTimersByTimeAsync(1);
    expect(await settledNow(answer)).toMatchObject({ ok: false, reason: 'timeout' });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.aborted()).toBe(true);
  });

  it('does not retry a refused request (4xx)', async () => {
    const error = refused();
    const { endpoint, calls } = scripted(error);
    const { model } = resilient(endpoint);

    expect(await model.score([[1]])).toEqual({ ok: false, reason: 'endpoint_error', error });
    expect(calls).toHaveLength(1);
  });

  it('opens the breaker after consecutive failures, calls nothing while open, and closes on a test call that succeeds', async () => {
    // The breaker reads Date.now(): only the date is faked.
    vi.useFakeTimers({ toFake: ['Date'] });
    const { endpoint, calls } = scripted(serverError(), serverError(), serverError(), 'ok');
    const { model, metrics } = resilient(endpoint, { maxAttempts: 1, breakerFailures: 3 });

    for (let call = 0; call < 3; call++) expect(await model.score([[1]])).toMatchObject({ reason: 'endpoint_error' });
    expect(await model.score([[1]])).toMatchObject({ ok: false, reason: 'circuit_open' });
    expect(calls).toHaveLength(3);
    expect(await sample(metrics.breakerState)).toEqual([{ value: 1 }]);
    expect(await sample(metrics.breakerOpened)).toEqual([{ value: 1 }]);

    vi.advanceTimersByTime(OPTIONS.halfOpenAfterMs - 1);
    expect(await model.score([[1]])).toMatchObject({ ok: false, reason: 'circuit_open' });
    expect(calls).toHaveLength(3);
    vi.advanceTimersByTime(1);
    expect(await model.score([[1]])).toEqual({ ok: true, scores: [0.5] });
    expect(calls).toHaveLength(4);
    expect(await sample(metrics.breakerState)).toEqual([{ value: 0 }]);
  });

  it('keeps at most maxConcurrency calls in flight; the others wait their turn', async () => {
    // Each call answers when the test lets it; the deadline is out of the way.
    const unanswered: (() => void)[] = [];
    let inFlight = 0;
    let most = 0;
    const endpoint: ScoringEndpoint = {
      score: async (rows) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise<void>((answer) => unanswered.push(answer));
        inFlight -= 1;
        return rows.map(() => 0.25);
      },
    };
    const { model } = resilient(endpoint, { maxConcurrency: 2, timeoutMs: 60_000 });

    const answering = Promise.all(Array.from({ length: 6 }, () => model.score([[1]])));
    for (let answered = 0; answered < 6; answered += 1) {
      // Two in flight while at least two are left, the rest waiting for a slot.
      await vi.waitFor(
        () => {
          expect(unanswered).toHaveLength(Math.min(2, 6 - answered));
        },
        { interval: 1 },
      );
      unanswered.shift()?.();
    }

    expect(await answering).toEqual(Array.from({ length: 6 }, () => ({ ok: true, scores: [0.25] })));
    expect(most).toBe(2);
  });
});
