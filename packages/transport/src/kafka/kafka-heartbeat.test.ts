import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { isMembershipLost, startHeartbeat } from './kafka-heartbeat.js';

const protocolError = (type: string) => Object.assign(new Error(type), { type });

describe('startHeartbeat', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('heartbeats every interval until stopped', async () => {
    let beats = 0;
    const heartbeat = startHeartbeat(
      async () => {
        beats += 1;
      },
      1_000,
      () => undefined,
    );
    await vi.advanceTimersByTimeAsync(3_500);
    heartbeat.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(beats).toBe(3);
    expect(heartbeat.membershipLost.aborted).toBe(false);
  });

  it('signals a lost membership with the broker error, and reports other failures', async () => {
    const failures = [protocolError('NOT_COORDINATOR'), protocolError('REBALANCE_IN_PROGRESS')];
    const reported: unknown[] = [];
    const heartbeat = startHeartbeat(
      () => Promise.reject(failures.shift() ?? new Error('unexpected')),
      1_000,
      (error) => reported.push(error),
    );
    await vi.advanceTimersByTimeAsync(2_000);
    heartbeat.stop();
    expect(reported.map((e) => (e as Error).message)).toEqual(['NOT_COORDINATOR']);
    expect(heartbeat.membershipLost.aborted).toBe(true);
    expect((heartbeat.membershipLost.reason as Error).message).toBe('REBALANCE_IN_PROGRESS');
  });
});

describe('isMembershipLost', () => {
  it('is true for the errors that mean the group moved on without this member', () => {
    expect(
      ['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'FENCED_INSTANCE_ID', 'NOT_COORDINATOR'].map(
        (type) => isMembershipLost(protocolError(type)),
      ),
    ).toEqual([true, true, true, true, false]);
    expect(isMembershipLost(new Error('socket hang up'))).toBe(false);
    expect(isMembershipLost(undefined)).toBe(false);
  });
});
