import { exampleTransaction, parseFraudConfirmation } from '@fraud/contracts';
import { describe, expect, it } from 'vitest';

import { ConfirmationSchedule, type ConfirmedTransaction } from './confirmation-schedule.js';

const HOUR_MS = 3_600_000;
const T0 = Date.parse('2026-01-01T10:00:00.000Z');

function fraud(n: number, atMs: number): ConfirmedTransaction {
  return {
    transactionId: `sim-1-${n}`,
    cardToken: String(n % 10).repeat(64),
    merchantId: `m-${n}`,
    timestamp: new Date(atMs).toISOString(),
  };
}

function idsOf(confirmations: readonly { transactionId: string }[]): string[] {
  return confirmations.map((confirmation) => confirmation.transactionId);
}

describe('confirmation schedule', () => {
  it('confirms a fraud exactly the delay after its transaction, as a FraudConfirmation the contract accepts', () => {
    const schedule = new ConfirmationSchedule(24 * HOUR_MS);
    schedule.add(exampleTransaction);
    const [confirmation] = schedule.takeDue(Date.parse(exampleTransaction.timestamp) + 24 * HOUR_MS);
    expect(confirmation).toStrictEqual({
      schemaVersion: 1,
      transactionId: exampleTransaction.transactionId,
      cardToken: exampleTransaction.cardToken,
      merchantId: exampleTransaction.merchantId,
      timestamp: '2026-11-22T10:15:30.123Z',
      confirmedAt: '2026-11-23T10:15:30.123Z',
    });
    expect(parseFraudConfirmation(confirmation)).toEqual({ ok: true, value: confirmation });
  });

  it('returns nothing before the confirmation is due, and it once when due', () => {
    const schedule = new ConfirmationSchedule(HOUR_MS);
    schedule.add(fraud(1, T0));
    expect(schedule.takeDue(T0 + HOUR_MS - 1)).toEqual([]);
    expect(schedule.size).toBe(1);
    expect(idsOf(schedule.takeDue(T0 + HOUR_MS))).toEqual(['sim-1-1']);
    expect(schedule.size).toBe(0);
    expect(schedule.takeDue(T0 + 10 * HOUR_MS)).toEqual([]);
  });

  it('returns every due confirmation oldest first, leaving the later ones pending', () => {
    const schedule = new ConfirmationSchedule(HOUR_MS);
    for (let n = 0; n < 5; n++) schedule.add(fraud(n, T0 + n * 60_000));
    expect(idsOf(schedule.takeDue(T0 + HOUR_MS + 2 * 60_000))).toEqual(['sim-1-0', 'sim-1-1', 'sim-1-2']);
    expect(schedule.size).toBe(2);
    schedule.add(fraud(5, T0 + 5 * 60_000));
    expect(idsOf(schedule.takeDue(T0 + 2 * HOUR_MS))).toEqual(['sim-1-3', 'sim-1-4', 'sim-1-5']);
    expect(schedule.size).toBe(0);
  });

  it('puts a transaction added out of event-time order in its place, never confirming anything early', () => {
    const schedule = new ConfirmationSchedule(HOUR_MS);
    schedule.add(fraud(1, T0 + 10_000));
    schedule.add(fraud(2, T0 + 30_000));
    schedule.add(fraud(3, T0));
    schedule.add(fraud(4, T0 + 20_000));
    schedule.add(fraud(5, T0 + 20_000));
    expect(idsOf(schedule.takeDue(T0 + HOUR_MS + 15_000))).toEqual(['sim-1-3', 'sim-1-1']);
    expect(idsOf(schedule.takeDue(T0 + HOUR_MS + 20_000))).toEqual(['sim-1-4', 'sim-1-5']);
    // Older than everything left, though added after some were taken.
    schedule.add(fraud(6, T0 + 25_000));
    expect(idsOf(schedule.takeDue(T0 + HOUR_MS + 40_000))).toEqual(['sim-1-6', 'sim-1-2']);
  });

  it('keeps its order and count across compactions of a long run', () => {
    const schedule = new ConfirmationSchedule(HOUR_MS);
    const taken: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      schedule.add(fraud(n, T0 + n * 1000));
      if (n % 7 === 0) taken.push(...idsOf(schedule.takeDue(T0 + n * 1000)));
    }
    expect(schedule.size).toBe(20_000 - taken.length);
    taken.push(...idsOf(schedule.takeDue(Number.POSITIVE_INFINITY)));
    expect(taken).toEqual(Array.from({ length: 20_000 }, (_, n) => `sim-1-${n}`));
    expect(schedule.size).toBe(0);
  });

  it.each([0, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a delay of %s ms', (delayMs) => {
    expect(() => new ConfirmationSchedule(delayMs)).toThrow(RangeError);
  });
});
