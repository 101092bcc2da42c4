import { randomBytes } from 'node:crypto';

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { listeningAddresses } from '../local/listening-addresses.js';
import { localListenerPort } from './local-listener.js';

// Library and function names are global on the server and allow only [A-Za-z0-9_].
const runId = randomBytes(4).toString('hex');
const library = `harness_check_${runId}`;
const incrementWithTtl = `incr_with_ttl_${runId}`;
const counterKey = `harness:counter:${runId}`;
// Adds ARGV[1] to the key, (re)sets its expiry to ARGV[2] seconds, and returns
// the new value and the TTL, in one atomic step.
const libraryCode = `#!lua name=${library}
redis.register_function{
  function_name = '${incrementWithTtl}',
  callback = function(keys, args)
    local value = redis.call('INCRBY', keys[1], args[1])
    redis.call('EXPIRE', keys[1], args[2])
    return { value, redis.call('TTL', keys[1]) }
  end,
  flags = {},
}
`;

describe('Redis through the harness', () => {
  const { redisUrl } = inject('infra');
  const port = localListenerPort(redisUrl, inject('infraMode'));
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    await redis.function('DELETE', library).catch(() => undefined);
    await redis.del(counterKey);
    await redis.quit();
  });

  it('runs a loaded Redis Function atomically, then forgets it once the library is deleted', async () => {
    expect(await redis.function('LOAD', 'REPLACE', libraryCode)).toBe(library);
    expect(await redis.function('LIST', 'LIBRARYNAME', library)).toEqual([
      [
        'library_name',
        library,
        'engine',
        'LUA',
        'functions',
        [['name', incrementWithTtl, 'description', null, 'flags', []]],
      ],
    ]);

    // Within one script the server clock stands still, so the TTL is exact.
    expect(await redis.fcall(incrementWithTtl, 1, counterKey, 5, 60)).toEqual([5, 60]);
    expect(await redis.fcall(incrementWithTtl, 1, counterKey, 7, 120)).toEqual([12, 120]);
    expect(await redis.get(counterKey)).toBe('12');

    expect(await redis.function('DELETE', library)).toBe('OK');
    expect(await redis.function('LIST', 'LIBRARYNAME', library)).toEqual([]);
    await expect(redis.fcall(incrementWithTtl, 1, counterKey, 1, 60)).rejects.toThrow('Function not found');
  });

  it.runIf(port !== undefined)(
    'listens on 127.0.0.1 only (local processes; in Docker docker-proxy owns the port)',
    async () => {
      expect(await listeningAddresses(port!)).toEqual(['127.0.0.1']);
    },
  );
});
