import type { Redis } from 'ioredis';

/**
 * How many replicas of a node must hold the window state's writes before
 * the call that made them resolves (so before a batch is committed), and how
 * long to wait for them. Replication is asynchronous: without this, a write
 * the primary acknowledged and had not yet sent on is lost if the primary
 * fails and its replica takes over, after its batch may have been committed.
 */
export interface ReplicaAcks {
  readonly replicas: number;
  readonly timeoutMs: number;
}

/** Writes are acknowledged by the primary alone (one Redis without replicas). */
export const NO_REPLICA_ACKS: ReplicaAcks = { replicas: 0, timeoutMs: 0 };

/** Fewer replicas than required acknowledged a write in time: the batch fails, is not committed, and is retried. */
export class ReplicaAckError extends Error {
  constructor(address: string, acknowledged: number, acks: ReplicaAcks) {
    super(
      `Redis ${address === '' ? '' : `at ${address} `}acknowledged the window state's writes on ${acknowledged} of ` +
        `${acks.replicas} replica(s) within ${acks.timeoutMs} ms (FEATURE_REPLICA_ACKS): the batch is not committed`,
    );
    this.name = 'ReplicaAckError';
  }
}

/**
 * `WAIT`s on `node`'s connection: it covers every write sent on that
 * connection before it, so sent right behind a call (in the same pipeline)
 * it costs no round trip of its own. Resolves with the replicas that
 * acknowledged; undefined when none are required.
 */
export function waitForReplicas(node: Redis, acks: ReplicaAcks): Promise<number> | undefined {
  if (acks.replicas === 0) return undefined;
  return node.call('WAIT', acks.replicas, acks.timeoutMs) as Promise<number>;
}

/** Rejects with ReplicaAckError if fewer than the required replicas acknowledged. */
export async function confirmReplicas(
  acknowledged: Promise<number>,
  address: string,
  acks: ReplicaAcks,
): Promise<void> {
  const count = await acknowledged;
  if (count < acks.replicas) throw new ReplicaAckError(address, count, acks);
}
