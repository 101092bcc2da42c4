import { redisCall } from '@fraud/redis';
import { TransientError } from '@fraud/resilience';
import type { Cluster, Redis } from 'ioredis';

import type { AlertState } from './alert-state.js';

/** A state as read, with the version a write must find to replace it. */
export interface StoredAlertState {
  readonly state: AlertState;
  readonly version: number;
}

// Compare-and-set on the hash's version, so two instances that briefly both
// handle a card (a rebalance) cannot overwrite each other's alert.
const SAVE_IF_VERSION = `
local current = redis.call('HGET', KEYS[1], 'version')
if (current or '0') ~= ARGV[1] then return -1 end
local nextVersion = tonumber(ARGV[1]) + 1
redis.call('HSET', KEYS[1], 'version', nextVersion, 'state', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return nextVersion
`;

/**
 * How long a card's state outlives its alert's period: a delivery still in
 * progress when the period ends (SNS retried across it) saves its progress
 * into the key it started with, instead of finding it gone.
 */
export const STATE_GRACE_MS = 60_000;

/**
 * The open alert of each card, one hash per card under its hash tag (Redis
 * Cluster keeps a card's keys together), expiring when the alert closes:
 * shared by every instance and kept across restarts. The alert is closed
 * once `closesAt` has passed, even while its key lingers for the grace.
 */
export class OpenAlertStore {
  private readonly prefix: string;

  /** `namespace` is STREAM_PREFIX, so two stacks can share one Redis. */
  constructor(
    private readonly redis: Redis | Cluster,
    namespace = '',
  ) {
    this.prefix = `${namespace}alerting:open:`;
  }

  key(cardToken: string): string {
    return `${this.prefix}{c:${cardToken}}`;
  }

  /** The card's state, or undefined when it has none (never opened, or expired past the grace). */
  async load(cardToken: string): Promise<StoredAlertState | undefined> {
    const fields = await redisCall('reading the open alert', () =>
      this.redis.hmget(this.key(cardToken), 'version', 'state'),
    );
    const [version, state] = fields;
    if (version === null || version === undefined || state === null || state === undefined) return undefined;
    return { state: JSON.parse(state) as AlertState, version: Number(version) };
  }

  /**
   * Replaces the card's state if it is still at `expectedVersion` (0: none
   * open) and resolves with the new version. Rejects with a TransientError
   * when another writer got there first, so the record is retried over the
   * state as it now is.
   */
  async save(cardToken: string, state: AlertState, expectedVersion: number): Promise<number> {
    const result = await redisCall('saving the open alert', () =>
      this.redis.eval(
        SAVE_IF_VERSION,
        1,
        this.key(cardToken),
        String(expectedVersion),
        JSON.stringify(state),
        String(state.closesAt + STATE_GRACE_MS),
      ),
    );
    if (result === -1) {
      throw new TransientError(`the open alert of card ${cardToken} changed while it was being updated`);
    }
    return Number(result);
  }
}
