import { createHash, randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { DEFAULT_WINDOW_CONFIG } from '../window/window-config.js';
import type { WindowEvent } from '../window/window-event.js';
import { FeatureKeys } from './feature-keys.js';
import { loadFeatureLibrary } from './load-feature-library.js';
import { RedisWindowStore } from './redis-window-store.js';

/** 40 cards × 5 transactions a minute apart, at 6 merchants. */
function events(): { cardToken: string; event: WindowEvent }[][] {
  const start = Date.parse('2026-03-01T12:00:00.000Z');
  return Array.from({ length: 40 }, (_, card) =>
    Array.from({ length: 5 }, (_, i) => ({
      cardToken: createHash('sha256').update(`lanes-card-${card}`).digest('hex'),
      event: {
        transactionId: randomUUID(),
        timeMs: start + i * 60_000 + card,
        amountMinor: 1_000 + card * 10 + i,
        merchantId: `merchant-${(card + i) % 6}`,
        country: 'PT',
        lat: 38.7 + card / 1_000,
        lon: -9.1,
      },
    })),
  );
}

describe('window steps over several connections', () => {
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

  /** Every card's transactions in order, the cards at once; each step's card count and merchant duplicate flag. */
  async function play(store: RedisWindowStore, cards: { cardToken: string; event: WindowEvent }[][]) {
    return Promise.all(
      cards.map(async (transactions) => {
        const replies = [];
        for (const { cardToken, event } of transactions) {
          const [card, merchant] = await Promise.all([
            store.cardStep(cardToken, event, undefined, undefined),
            store.merchantStep(event.merchantId, event, undefined, '0'),
          ]);
          replies.push({ count: card.aggregates.count, sum: card.aggregates.amountSum, duplicate: merchant.duplicate });
        }
        return replies;
      }),
    );
  }

  it('computes what one connection computes, and every connection carries steps', async () => {
    const cards = events();
    const one = await play(new RedisWindowStore(redis, DEFAULT_WINDOW_CONFIG, new FeatureKeys('lanes-one:')), cards);
    const several = new RedisWindowStore(redis, DEFAULT_WINDOW_CONFIG, new FeatureKeys('lanes-three:'), lanes);
    await Promise.all(lanes.map((lane) => lane.client('SETNAME', 'lanes-test-idle')));
    expect(await play(several, cards)).toEqual(one);
    expect(one.flat().map((reply) => reply.count)).toEqual(cards.flatMap((card) => card.map((_, i) => i + 1)));

    // A connection's last command is FCALL only if a step went over it after SETNAME.
    const clients = (await observer.client('LIST')) as string;
    const lastCommands = clients
      .split('\n')
      .filter((line) => line.includes('name=lanes-test-idle'))
      .map((line) => /cmd=(\S+)/.exec(line)?.[1]);
    expect(lastCommands).toEqual(['fcall', 'fcall', 'fcall']);
  });

  it('replays redeliveries over the lanes as duplicates with their first counts', async () => {
    const cards = events().slice(0, 10);
    const store = new RedisWindowStore(redis, DEFAULT_WINDOW_CONFIG, new FeatureKeys('lanes-redelivery:'), lanes);
    const first = await play(store, cards);
    const again = await play(store, cards);
    expect(again.flat().map((reply) => reply.count)).toEqual(first.flat().map((reply) => reply.count));
    expect(again.flat().every((reply) => reply.duplicate)).toBe(true);
  });
});
