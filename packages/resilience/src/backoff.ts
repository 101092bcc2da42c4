/** Exponential backoff: attempt n waits up to initialMs × multiplier^(n−1), capped at maxMs. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  multiplier: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 100, maxMs: 10_000, multiplier: 2 };

/**
 * The delay before retry number `attempt` (1 for the first retry), with "full
 * jitter": uniform in [0, cap). Many consumers failing together then retry
 * spread out instead of in lockstep against a recovering dependency.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const cap = Math.min(policy.maxMs, policy.initialMs * policy.multiplier ** exponent);
  return Math.floor(random() * cap);
}
