import { createHash, randomUUID } from 'node:crypto';

import { exampleTransaction, type Transaction } from '@fraud/contracts';
import { describe, expect, it } from 'vitest';

import { FeatureKeys } from '../redis/feature-keys.js';
import { RedisWindowStore } from '../redis/redis-window-store.js';
import { DEFAULT_WINDOW_CONFIG } from '../window/window-config.js';
import { OnlineWindows } from './online-windows.js';
import { useFeatureRedis } from '../test-support/feature-redis.js';

const START = Date.parse('2026-03-01T12:00:00.000Z');
const CARD = createHash('sha256').update('fencing-card').digest('hex');

function transaction(minute: number): Transaction {
  return {
    ...exampleTransaction,
    transactionId: randomUUID(),
    cardToken: CARD,
    merchantId: `fencing-merchant-${minute % 2}`,
    timestamp: new Date(START + minute * 60_000).toISOString(),
  };
}

describe('engines sharing a card (a rebalance, a zombie)', () => {
  const redis = useFeatureRedis();

  function engine(namespace: string): OnlineWindows {
    const store = new RedisWindowStore(redis(), DEFAULT_WINDOW_CONFIG, new FeatureKeys(namespace));
    return new OnlineWindows(store, { cachedCards: 100, partitionIdleMs: 60_000 });
  }

  async function cardCounts(windows: OnlineWindows, batch: Transaction[]): Promise<number[]> {
    const { steps } = await windows.step(
      'transactions',
      '0',
      batch.map((t) => ({ transaction: t })),
    );
    return steps.map(({ card }) => card.aggregates.count);
  }

  it('an engine whose cached card another engine wrote since reads it again, and counts on from there', async () => {
    const a = engine('fencing-stale:');
    const b = engine('fencing-stale:');
    expect(await cardCounts(a, [transaction(0), transaction(1)])).toEqual([1, 2]);
    // The partition moves to b, which reads the card from Redis.
    expect(await cardCounts(b, [transaction(2)])).toEqual([3]);
    // Back to a, whose cache still holds the card at 2 transactions: its write is refused, it reads again.
    expect(await cardCounts(a, [transaction(3)])).toEqual([4]);
    expect(await cardCounts(b, [transaction(4)])).toEqual([5]);
  });

  it('two engines stepping the same batch (a zombie and the new owner) count each transaction once', async () => {
    const zombie = engine('fencing-zombie:');
    const owner = engine('fencing-zombie:');
    const first = [transaction(0), transaction(1)];
    expect(await cardCounts(zombie, first)).toEqual([1, 2]);
    const second = [transaction(2), transaction(3)];
    const [fromZombie, fromOwner] = await Promise.all([cardCounts(zombie, second), cardCounts(owner, second)]);
    // Whichever wrote second found the batch counted: the same features, as duplicates.
    expect(fromZombie).toEqual([3, 4]);
    expect(fromOwner).toEqual([3, 4]);
    expect(await cardCounts(engine('fencing-zombie:'), [transaction(4)])).toEqual([5]);
  });
});
