import { describe, expect, it } from 'vitest';

import { confirmReplicas, ReplicaAckError } from './replica-acks.js';

describe('confirmReplicas', () => {
  const acks = { replicas: 2, timeoutMs: 500 };

  it('resolves when at least the required replicas acknowledged', async () => {
    await expect(confirmReplicas(Promise.resolve(2), '10.0.0.1:6379', acks)).resolves.toBeUndefined();
    await expect(confirmReplicas(Promise.resolve(3), '10.0.0.1:6379', acks)).resolves.toBeUndefined();
  });

  it('rejects naming the node, the count, the requirement and the setting when fewer did', async () => {
    const error = await confirmReplicas(Promise.resolve(1), '10.0.0.1:6379', acks).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplicaAckError);
    expect((error as Error).message).toBe(
      "Redis at 10.0.0.1:6379 acknowledged the window state's writes on 1 of 2 replica(s) within 500 ms " +
        '(FEATURE_REPLICA_ACKS): the batch is not committed',
    );
  });

  it('leaves the address out on one Redis', async () => {
    const error = await confirmReplicas(Promise.resolve(0), '', acks).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^Redis acknowledged the window state's writes on 0 of 2/);
  });
});
