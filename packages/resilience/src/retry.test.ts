import { describe, expect, it } from 'vitest';

import { retry } from './retry.js';
import { isTransient, TransientError } from './transient-error.js';

const fast = { initialMs: 1, maxMs: 2, multiplier: 2 };

describe('retry', () => {
  it('returns the first success, after retrying failures', async () => {
    const seen: number[] = [];
    const result = await retry(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw new Error(`fail ${attempt}`);
        return 'done';
      },
      { backoff: fast },
    );
    expect(result).toBe('done');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    let calls = 0;
    await expect(
      retry(
        async (attempt) => {
          calls++;
          throw new Error(`fail ${attempt}`);
        },
        { backoff: fast, maxAttempts: 4 },
      ),
    ).rejects.toThrow('fail 4');
    expect(calls).toBe(4);
  });

  it('stops at once on a failure not worth retrying', async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new Error('bad record');
        },
        { backoff: fast, shouldRetry: isTransient },
      ),
    ).rejects.toThrow('bad record');
    expect(calls).toBe(1);
  });

  it('reports each retry with its attempt number', async () => {
    const retries: number[] = [];
    await retry(
      async (attempt) => {
        if (attempt < 3) throw new TransientError('down');
      },
      { backoff: fast, onRetry: (_error, attempt) => retries.push(attempt) },
    );
    expect(retries).toEqual([1, 2]);
  });

  it('rethrows the last failure when aborted while waiting', async () => {
    const controller = new AbortController();
    const pending = retry(
      async () => {
        throw new TransientError('still down');
      },
      { backoff: { initialMs: 60_000, maxMs: 60_000, multiplier: 1 }, signal: controller.signal },
    );
    setTimeout(() => {
      controller.abort();
    }, 10);
    await expect(pending).rejects.toThrow('still down');
  });
});

describe('isTransient', () => {
  it('recognises transient failures by type, code, SDK and kafkajs markers, and cause', () => {
    expect(isTransient(new TransientError('x'))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { $retryable: { throttling: true } }))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { retriable: true }))).toBe(true);
    expect(isTransient(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ETIMEDOUT' }) }))).toBe(
      true,
    );
  });

  it('treats everything else as a problem of the record', () => {
    expect(isTransient(new Error('amountMinor: expected a positive integer'))).toBe(false);
    expect(isTransient(Object.assign(new Error('x'), { $metadata: { httpStatusCode: 400 } }))).toBe(false);
    expect(isTransient('a string')).toBe(false);
    expect(isTransient(undefined)).toBe(false);
  });
});
