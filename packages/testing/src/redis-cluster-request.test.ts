import { describe, expect, it } from 'vitest';

import { redisClusterRequested } from './redis-cluster-request.js';

describe('redisClusterRequested (INFRA_REDIS_CLUSTER)', () => {
  it('asks for the cluster with 1, true or yes, in any case and spacing', () => {
    for (const value of ['1', 'true', 'TRUE', ' yes ']) expect(redisClusterRequested(value), value).toBe(true);
  });

  it('leaves it out when unset, empty, 0, false or no: one Redis is the default', () => {
    for (const value of [undefined, '', '0', 'false', 'No']) expect(redisClusterRequested(value), value).toBe(false);
  });

  it('refuses any other value, naming it', () => {
    expect(() => redisClusterRequested('cluster')).toThrow(
      "INFRA_REDIS_CLUSTER must be 1 or 0 (true or false), not 'cluster'",
    );
  });
});
