import { setTimeout as sleep } from 'node:timers/promises';

import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';

export interface RetryOptions {
  backoff?: BackoffPolicy;
  /** Total attempts including the first; unlimited by default. */
  maxAttempts?: number;
  /** Whether a failure is worth another attempt; every failure by default. */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  /** Called before each wait, e.g. to log and count retries. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Stops waiting and rethrows the last failure, e.g. on shutdown. */
  signal?: AbortSignal;
}

/**
 * The one retry loop of the project: runs `operation` until it succeeds, a
 * failure is not worth retrying, the attempts run out, or `signal` aborts,
 * waiting with exponential backoff and full jitter in between.
 */
export async function retry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      const retryable = options.shouldRetry?.(error, attempt) ?? true;
      if (!retryable || attempt >= maxAttempts || options.signal?.aborted === true) throw error;
      const delayMs = backoffDelay(attempt, options.backoff ?? DEFAULT_BACKOFF);
      options.onRetry?.(error, attempt, delayMs);
      try {
        await sleep(delayMs, undefined, { signal: options.signal });
      } catch {
        throw error;
      }
    }
  }
}
