import type { Transaction } from '@fraud/contracts';
import { ConfirmationSchedule } from '@fraud/simulator';
import { describe, expect, it } from 'vitest';

import { dueConfirmations } from './due-confirmations.js';
import type { SimulatedEvents } from './simulated-events.js';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const MINUTE_MS = 60_000;

function events(n: number, atMs: number, scenario: string): SimulatedEvents {
  const cardToken = String(n % 10).repeat(64);
  const transaction: Transaction = {
    schemaVersion: 1,
    transactionId: `sim-1-${n}`,
    cardToken,
    merchantId: `m-${n}`,
    amountMinor: 100,
    currency: 'EUR',
    timestamp: new Date(atMs).toISOString(),
    location: { lat: 0, lon: 0, country: 'PT' },
    channel: 'card_present',
  };
  const isFraud = scenario !== 'legit';
  return {
    transaction,
    label: { schemaVersion: 1, transactionId: transaction.transactionId, cardToken, isFraud, scenario },
  };
}

describe('due confirmations', () => {
  it('confirms the frauds only, once the batches reach their confirmation time', () => {
    const schedule = new ConfirmationSchedule(10 * MINUTE_MS);
    const first = [
      events(0, T0, 'legit'),
      events(1, T0 + MINUTE_MS, 'card_testing'),
      events(2, T0 + 2 * MINUTE_MS, 'legit'),
    ];
    expect(dueConfirmations(schedule, first)).toEqual([]);
    expect(schedule.size).toBe(1);

    expect(dueConfirmations(schedule, [events(3, T0 + 10 * MINUTE_MS, 'legit')])).toEqual([]);
    const second = [events(4, T0 + 11 * MINUTE_MS, 'amount_outlier'), events(5, T0 + 11 * MINUTE_MS, 'legit')];
    expect(dueConfirmations(schedule, second)).toEqual([
      {
        schemaVersion: 1,
        transactionId: 'sim-1-1',
        cardToken: '1'.repeat(64),
        merchantId: 'm-1',
        timestamp: '2026-01-01T10:01:00.000Z',
        confirmedAt: '2026-01-01T10:11:00.000Z',
      },
    ]);
    expect(schedule.size).toBe(1);
  });

  it('confirms a fraud in its own batch when the delay is shorter than the batch spans', () => {
    const schedule = new ConfirmationSchedule(MINUTE_MS);
    const batch = [events(0, T0, 'card_testing'), events(1, T0 + 5 * MINUTE_MS, 'legit')];
    expect(dueConfirmations(schedule, batch).map((confirmation) => confirmation.transactionId)).toEqual(['sim-1-0']);
  });

  it('takes nothing for an empty batch', () => {
    const schedule = new ConfirmationSchedule(MINUTE_MS);
    dueConfirmations(schedule, [events(0, T0, 'card_testing')]);
    expect(dueConfirmations(schedule, [])).toEqual([]);
    expect(schedule.size).toBe(1);
  });
});
