import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { ProcessedTransactions } from './processed-transactions.js';

describe('ProcessedTransactions', () => {
  const { redisUrl } = inject('infra');
  let redis: Redis;
  const namespace = `pt-${randomUUID().slice(0, 8)}:`;

  beforeAll(() => {
    redis = new Redis(redisUrl);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('answers in the entries order, only for what was marked, per scope', async () => {
    const inference = new ProcessedTransactions(redis, { scope: 'inference', namespace, ttlSeconds: 60 });
    const alerting = new ProcessedTransactions(redis, { scope: 'alerting', namespace, ttlSeconds: 60 });
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await inference.markProcessed([
      { cardToken: 'card-1', transactionId: a },
      { cardToken: 'card-2', transactionId: b },
    ]);

    const answers = await inference.wereProcessed([
      { cardToken: 'card-2', transactionId: b },
      { cardToken: 'card-1', transactionId: c },
      { cardToken: 'card-1', transactionId: a },
      // The same id under another card is another record.
      { cardToken: 'card-2', transactionId: a },
    ]);
    expect(answers).toEqual([true, false, true, false]);
    expect(await alerting.wereProcessed([{ cardToken: 'card-1', transactionId: a }])).toEqual([false]);
    expect(await inference.wereProcessed([])).toEqual([]);
  });

  it('keeps one set per card under its hash tag, expiring ttlSeconds after the last mark', async () => {
    const processed = new ProcessedTransactions(redis, { scope: 'inference', namespace, ttlSeconds: 120 });
    await processed.markProcessed([
      { cardToken: 'card-9', transactionId: randomUUID() },
      { cardToken: 'card-9', transactionId: randomUUID() },
    ]);
    const key = processed.key('card-9');
    expect(key).toBe(`${namespace}inference:done:{c:card-9}`);
    expect(await redis.scard(key)).toBe(2);
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(115);
    expect(ttl).toBeLessThanOrEqual(120);
  });
});
