/** Group membership errors: the partitions may already be someone else's. */
const MEMBERSHIP_LOST = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'FENCED_INSTANCE_ID',
]);

export function isMembershipLost(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' && MEMBERSHIP_LOST.has(type);
}

export interface Heartbeat {
  /** Aborted, with the broker's error as reason, once the group says this member must rejoin. */
  readonly membershipLost: AbortSignal;
  stop(): void;
}

/**
 * Heartbeats while a batch is handled or retried, so a long batch does not
 * cost the member its partitions (kafkajs itself heartbeats only between
 * batches). kafkajs sends at most one heartbeat per heartbeatInterval however
 * often this calls, so ticking faster than that only keeps the gaps short.
 */
export function startHeartbeat(
  heartbeat: () => Promise<void>,
  everyMs: number,
  onError: (error: unknown) => void,
): Heartbeat {
  const lost = new AbortController();
  const timer = setInterval(() => {
    heartbeat().catch((error: unknown) => {
      if (isMembershipLost(error)) lost.abort(error);
      else onError(error);
    });
  }, everyMs);
  return {
    membershipLost: lost.signal,
    stop: () => {
      clearInterval(timer);
    },
  };
}
