import { describe, expect, it } from 'vitest';

import type { CardState } from '../reference/card-window.js';
import { decodeCardState, encodeCardState, versionOf } from './card-state-codec.js';

const STATE: CardState = {
  events: [
    {
      transactionId: '0f8e2a3c-1b4d-4e5f-8a9b-0c1d2e3f4a5b',
      timeMs: 1_772_366_400_123,
      amountMinor: 12_345,
      merchantId: 'merchant-7',
      country: 'PT',
      lat: 38.722_312_345_678_9,
      lon: -9.139_312_345_678_9,
      position: '18446744073709551615',
    },
    {
      transactionId: 'not-a-uuid~with-a-tilde',
      timeMs: 1_772_366_460_000,
      amountMinor: 1,
      merchantId: 'm',
      country: 'ES',
      lat: 0.1 + 0.2,
      lon: -180,
    },
  ],
  days: [
    { day: 20_513, count: 3, amountSum: 4_500 },
    { day: 20_514, count: 1, amountSum: 12_345 },
  ],
};

describe('the card state codec', () => {
  it('reads back exactly the state written, every double to the last bit, with its version', () => {
    const encoded = encodeCardState(STATE, 'w1.a');
    expect(decodeCardState(encoded.window, encoded.days)).toEqual(STATE);
    expect(versionOf(encoded.window)).toBe('w1.a');
  });

  it('keeps a UUID as its 16 bytes, and any other id as it is', () => {
    const { window } = encodeCardState(STATE, 'v');
    expect(window.includes(Buffer.from('0f8e2a3c1b4d4e5f8a9b0c1d2e3f4a5b', 'hex'))).toBe(true);
    expect(window.includes('0f8e2a3c')).toBe(false);
    expect(window.includes('not-a-uuid~with-a-tilde')).toBe(true);
  });

  it('reads a card Redis has nothing of as empty, with no version', () => {
    expect(decodeCardState(null, null)).toEqual({ events: [], days: [] });
    expect(versionOf(null)).toBe('');
    expect(encodeCardState({ events: [], days: [] }, 'v').days).toHaveLength(0);
  });
});
