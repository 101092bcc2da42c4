import { randomUUID } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { EMPTY_CARD_STATE, cardStep } from '../reference/card-window.js';
import { DEFAULT_WINDOW_CONFIG } from '../window/window-config.js';
import { encodeCardState } from './card-state-codec.js';
import { FeatureKeys } from './feature-keys.js';
import { RedisWindowStore } from './redis-window-store.js';
import { useFeatureRedis } from '../test-support/feature-redis.js';

describe('memory of an active card', () => {
  const redis = useFeatureRedis();

  /** Memory of a card given `historyDays` earlier days with a transaction each, then 6 in the last 6 minutes. */
  async function cardMemory(namespace: string, historyDays: number) {
    const keys = new FeatureKeys(namespace);
    const store = new RedisWindowStore(redis(), DEFAULT_WINDOW_CONFIG, keys);
    const token = 'f'.repeat(64);
    const start = Date.parse('2026-03-01T12:00:00.000Z');
    const times = [
      ...Array.from({ length: historyDays }, (_, day) => start - (historyDays - day) * 86_400_000),
      ...Array.from({ length: 6 }, (_, i) => start + i * 60_000),
    ];
    // Stepped as the engine steps it, written as it writes it.
    let state = EMPTY_CARD_STATE;
    let watermark: number | undefined;
    for (const [i, timeMs] of times.entries()) {
      const event = {
        transactionId: randomUUID(),
        timeMs,
        amountMinor: 1234 + i,
        merchantId: `merchant-${100 + (i % 6)}`,
        country: 'PT',
        lat: 38.72231234,
        lon: -9.13931234,
      };
      state = cardStep(state, event, watermark, DEFAULT_WINDOW_CONFIG, watermark).state;
      watermark = timeMs;
    }
    const refused = await store.putCards([
      { cardToken: token, readVersion: '', state: encodeCardState(state, 'AbCdEfGh.1k') },
    ]);
    expect(refused).toEqual([]);
    const window = (await redis().memory('USAGE', keys.card(token))) ?? 0;
    const days = (await redis().memory('USAGE', keys.cardDays(token))) ?? 0;
    process.stderr.write(
      `card memory, ${historyDays} earlier days: ${JSON.stringify({ window, days, total: window + days })}\n`,
    );
    return { window, days };
  }

  it('stays under 1 KB with 6 events in the window and their day (UUID ids, 64-hex token)', async () => {
    const { window, days } = await cardMemory('memory:', 0);
    expect(window).toBeGreaterThan(200);
    expect(days).toBeGreaterThan(50);
    expect(window + days).toBeLessThanOrEqual(1024);
  });

  it('grows by a few bytes a day of history, to a bounded 31 days, under 1 KB with a month of it', async () => {
    const { days: oneDay } = await cardMemory('memory1:', 0);
    const { window, days: month } = await cardMemory('memory30:', 30);
    const { days: longer } = await cardMemory('memory60:', 60);
    // At most 31 days are kept, so 60 earlier days cost what 30 do.
    expect(longer).toBe(month);
    expect((month - oneDay) / 30).toBeLessThanOrEqual(16);
    // UUIDs are kept as 22 characters: with them as 36 a month took 1,136 bytes.
    expect(window + month).toBeLessThanOrEqual(1024);
  });
});
