import { createHash, randomUUID } from 'node:crypto';

import { exampleTransaction, type Transaction } from '@fraud/contracts';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { DEFAULT_WINDOW_CONFIG } from '../window/window-config.js';
import { OnlineWindows } from '../online/online-windows.js';
import { FeatureKeys } from './feature-keys.js';
import { loadFeatureLibrary } from './load-feature-library.js';
import { RedisWindowStore } from './redis-window-store.js';

/** 5 batches, a minute apart, of one transaction of each of 40 cards, at 6 merchants. */
function batches(cards = 40): Transaction[][] {
  const start = Date.parse('2026-03-01T12:00:00.000Z');
  return Array.from({ length: 5 }, (_, i) =>
    Array.from({ length: cards }, (_, card) => ({
      ...exampleTransaction,
      transactionId: randomUUID(),
      cardToken: createHash('sha256').update(`lanes-card-${card}`).digest('hex'),
      timestamp: new Date(start + i * 60_000 + card).toISOString(),
      amountMinor: 1_000 + card * 10 + i,
      merchantId: `merchant-${(card + i) % 6}`,
      location: { country: 'PT', lat: 38.7 + card / 1_000, lon: -9.1 },
    })),
  );
}

describe('window state calls over several connections', () => {
  let redis: Redis;
  let lanes: Redis[];
  /** Asks who ran what, on a connection of its own. */
  let observer: Redis;

  beforeAll(async () => {
    redis = new Redis(inject('infra').redisUrl);
    lanes = [redis, ...Array.from({ length: 2 }, () => redis.duplicate())];
    observer = redis.duplicate();
    await loadFeatureLibrary(redis);
  });

  afterAll(async () => {
    await Promise.all([...lanes, observer].map((connection) => connection.quit()));
  });

  /** The batches through a new engine's window state; each step's card count and sum, merchant count and duplicate flag. */
  async function play(store: RedisWindowStore, transactions: Transaction[][]) {
    const windows = new OnlineWindows(store, { cachedCards: 1_000, partitionIdleMs: 60_000 });
    const replies = [];
    for (const batch of transactions) {
      const { steps } = await windows.step(
        'transactions',
        '0',
        batch.map((transaction) => ({ transaction })),
      );
      replies.push(
        ...steps.map(({ card, merchant }) => ({
          count: card.aggregates.count,
          sum: card.aggregates.amountSum,
          merchantCount: merchant.count,
          duplicate: merchant.duplicate,
        })),
      );
    }
    return replies;
  }

  /** The last command of each connection named `name`: `client|setname` if it carried nothing since. */
  async function lastCommands(name: string): Promise<(string | undefined)[]> {
    const clients = (await observer.client('LIST')) as string;
    return clients
      .split('\n')
      .filter((line) => line.includes(`name=${name}`))
      .map((line) => /cmd=(\S+)/.exec(line)?.[1]);
  }

  it("computes what one connection computes; a small batch's calls share the first lane", async () => {
    const transactions = batches();
    const one = await play(
      new RedisWindowStore(redis, DEFAULT_WINDOW_CONFIG, new FeatureKeys('lanes-one:')),
      transactions,
    );
    const several = new RedisWindowStore(redis, DEFAULT_WINDOW_CONFIG, new FeatureKeys('lanes-three:'), lanes);
    await Promise.all(lanes.map((lane) => lane.client('SETNAME', 'lanes-test-small')));
    expect(await play(several, transactions)).toEqual(one);
    expect(one.map((reply) => reply.count)).toEqual(transactions.flatMap((batch, i) => batch.map(() => i + 1)));
    // 40 cards and 6 merchants a batch: one chunk per call, all on the first lane; the others carried nothing.
    expect(await lastCommands('lanes-test-small')).toEqual(['fcall', 'client|setname', 'client|setname']);
  });

  it("spreads a large batch's chunks over the lanes, and computes what one connection computes", async () => {
    const transactions = batches(300).slice(0, 2);
    const one = await play(
      new RedisWindowStore(redis, DEFAULT_WINDOW_CONFIG, new FeatureKeys('lanes-large-one:')),
      transactions,
    );
    const several = new RedisWindowStore(redis, DEFAULT_WINDOW_CONFIG, new FeatureKeys('lanes-large:'), lanes);
    await Promise.all(lanes.map((lane) => lane.client('SETNAME', 'lanes-test-large')));
    expect(await play(several, transactions)).toEqual(one);
    // 300 cards: three card calls of at most 128, one per lane.
    expect(await lastCommands('lanes-test-large')).toEqual(['fcall', 'fcall', 'fcall']);
  });

  it('replays redeliveries over the lanes as duplicates with their first counts', async () => {
    const transactions = batches(10);
    const store = new RedisWindowStore(redis, DEFAULT_WINDOW_CONFIG, new FeatureKeys('lanes-redelivery:'), lanes);
    const first = await play(store, transactions);
    const again = await play(store, transactions);
    expect(again.map(({ duplicate, ...rest }) => rest)).toEqual(first.map(({ duplicate, ...rest }) => rest));
    expect(again.every((reply) => reply.duplicate)).toBe(true);
  });
});
