import { isTransient, retry, type BackoffPolicy } from '@fraud/resilience';
import {
  bulkhead,
  circuitBreaker,
  ConsecutiveBreaker,
  handleAll,
  isBrokenCircuitError,
  isTaskCancelledError,
  timeout,
  TimeoutStrategy,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import type { Logger } from 'pino';

import { MalformedResponseError } from '../scoring/malformed-response-error.js';
import type { CallOutcome, FallbackReason, InferenceMetrics } from '../scoring/inference-metrics.js';
import type { ScoringEndpoint } from './scoring-endpoint.js';

export interface ResilienceOptions {
  /** Per attempt; the SDK's request is aborted when it passes. */
  timeoutMs: number;
  /** Attempts of a call in all, retries of throttling, 5xx, network errors and malformed answers included. */
  maxAttempts: number;
  backoff: BackoffPolicy;
  /** Consecutive failed attempts that open the breaker. */
  breakerFailures: number;
  /** How long the breaker stays open before one test call may close it. */
  halfOpenAfterMs: number;
  /** Calls in flight at most; more wait their turn. */
  maxConcurrency: number;
}

export type EndpointAnswer = { ok: true; scores: number[] } | { ok: false; reason: FallbackReason; error: unknown };

/**
 * The endpoint behind the project's retry policy and cockatiel's circuit
 * breaker, concurrency limit and timeout, in that order from the outside:
 * each attempt passes the breaker (open: no call, the rows fall back at
 * once), waits for a slot, and runs under its own deadline. It never
 * rejects: a call that does not give scores says why, and the caller falls
 * back to the rules.
 *
 * Retried: throttling, 5xx, network errors and malformed answers. Not
 * retried: a timeout (the rows have used their time; a second wait would
 * double it), an open breaker, and 4xx (the request itself was refused).
 */
export class ResilientEndpoint {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly policy: IPolicy;

  constructor(
    private readonly endpoint: ScoringEndpoint,
    private readonly options: ResilienceOptions,
    private readonly metrics: InferenceMetrics,
    private readonly logger: Logger,
  ) {
    this.breaker = circuitBreaker(handleAll, {
      halfOpenAfter: options.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(options.breakerFailures),
    });
    this.breaker.onStateChange((state) => {
      metrics.breakerState.set(state);
    });
    this.breaker.onBreak(() => {
      metrics.breakerOpened.inc();
      logger.warn(
        { halfOpenAfterMs: options.halfOpenAfterMs },
        'endpoint circuit breaker opened: scoring by the rules until a test call succeeds',
      );
    });
    this.breaker.onReset(() => {
      logger.info('endpoint circuit breaker closed: scoring by the model again');
    });
    metrics.breakerState.set(this.breaker.state);
    this.policy = wrap(
      this.breaker,
      // The queue is bounded upstream: the records of the batches being consumed.
      bulkhead(options.maxConcurrency, Number.MAX_SAFE_INTEGER),
      timeout(options.timeoutMs, TimeoutStrategy.Aggressive),
    );
  }

  async score(rows: readonly (readonly number[])[]): Promise<EndpointAnswer> {
    this.metrics.batchRows.observe(rows.length);
    try {
      const scores = await retry(() => this.attempt(rows), {
        maxAttempts: this.options.maxAttempts,
        backoff: this.options.backoff,
        shouldRetry: isRetryable,
        onRetry: (error) => {
          this.metrics.callRetries.inc({ reason: fallbackReason(error) });
        },
      });
      return { ok: true, scores };
    } catch (error) {
      const reason = fallbackReason(error);
      if (reason !== 'circuit_open')
        this.logger.warn({ err: error, rows: rows.length, reason }, 'endpoint call failed');
      return { ok: false, reason, error };
    }
  }

  private async attempt(rows: readonly (readonly number[])[]): Promise<number[]> {
    let started: number | undefined;
    try {
      const scores = await this.policy.execute(({ signal }) => {
        started = performance.now();
        return this.endpoint.score(rows, signal);
      });
      this.observe('scored', started);
      return scores;
    } catch (error) {
      this.observe(callOutcome(error), started);
      throw error;
    }
  }

  private observe(outcome: CallOutcome, started: number | undefined): void {
    // A call the breaker refused never started: counted, with no time.
    this.metrics.callSeconds.observe({ outcome }, started === undefined ? 0 : (performance.now() - started) / 1000);
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof MalformedResponseError) return true;
  if (isBrokenCircuitError(error) || isTaskCancelledError(error)) return false;
  return isTransient(error);
}

function fallbackReason(error: unknown): Exclude<FallbackReason, 'missing_features'> {
  if (isBrokenCircuitError(error)) return 'circuit_open';
  if (isTaskCancelledError(error)) return 'timeout';
  if (error instanceof MalformedResponseError) return 'malformed_response';
  return 'endpoint_error';
}

function callOutcome(error: unknown): CallOutcome {
  const reason = fallbackReason(error);
  return reason === 'endpoint_error' ? 'error' : reason;
}
