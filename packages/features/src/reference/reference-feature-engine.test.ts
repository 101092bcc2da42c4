import { exampleTransaction, haversineKm, type Transaction } from '@fraud/contracts';
import { describe, expect, it } from 'vitest';

import { DEFAULT_WINDOW_CONFIG } from '../window/window-config.js';
import { ReferenceFeatureEngine } from './reference-feature-engine.js';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const LISBON = { lat: 38.7223, lon: -9.1393, country: 'PT' };
const MADRID = { lat: 40.4168, lon: -3.7038, country: 'ES' };

function tx(id: string, offsetMs: number, fields: Partial<Transaction> = {}): Transaction {
  return {
    ...exampleTransaction,
    cardToken: 'a'.repeat(64),
    merchantId: 'merchant-1',
    amountMinor: 1000,
    location: LISBON,
    ...fields,
    transactionId: id,
    timestamp: new Date(T0 + offsetMs).toISOString(),
  };
}

describe('the reference window features', () => {
  it('counts a transaction in its own window', () => {
    const engine = new ReferenceFeatureEngine();
    expect(engine.process(tx('t1', 0, { amountMinor: 2500 }))).toMatchObject({
      late: false,
      duplicate: false,
      features: {
        card_txn_count_10m: 1,
        card_amount_sum_10m: 2500,
        card_amount_avg_10m: 2500,
        card_amount_max_10m: 2500,
        card_distinct_merchants_10m: 1,
        card_distinct_countries_10m: 1,
        card_max_distance_km_10m: 0,
        merchant_txn_count_10m: 1,
        amount_to_card_avg_10m: 1,
      },
    });
  });

  it('keeps the window half-open: exactly 600 s before is out, 599.999 s before is in', () => {
    const engine = new ReferenceFeatureEngine();
    engine.process(tx('old', 0));
    engine.process(tx('recent', 1));
    const { features } = engine.process(tx('now', 600_000));
    expect(features.card_txn_count_10m).toBe(2);
    expect(features.merchant_txn_count_10m).toBe(2);
  });

  it('aggregates amounts, merchants, countries and the farthest distance from the transaction', () => {
    const engine = new ReferenceFeatureEngine();
    engine.process(tx('t1', 0, { amountMinor: 1000 }));
    engine.process(tx('t2', 60_000, { amountMinor: 4000, merchantId: 'merchant-2', location: MADRID }));
    const { features } = engine.process(tx('t3', 120_000, { amountMinor: 1000, merchantId: 'merchant-3' }));
    expect(features).toMatchObject({
      card_txn_count_10m: 3,
      card_amount_sum_10m: 6000,
      card_amount_avg_10m: 2000,
      card_amount_max_10m: 4000,
      card_distinct_merchants_10m: 3,
      card_distinct_countries_10m: 2,
      card_max_distance_km_10m: haversineKm(LISBON, MADRID),
      merchant_txn_count_10m: 1,
      amount_to_card_avg_10m: 0.5,
    });
    expect(features.card_max_distance_km_10m).toBeCloseTo(502.448, 3);
  });

  it('counts a merchant over every card, and a card over every merchant', () => {
    const engine = new ReferenceFeatureEngine();
    engine.process(tx('a1', 0, { cardToken: 'a'.repeat(64) }));
    engine.process(tx('b1', 1_000, { cardToken: 'b'.repeat(64) }));
    const { features } = engine.process(tx('c1', 2_000, { cardToken: 'c'.repeat(64) }));
    expect(features.merchant_txn_count_10m).toBe(3);
    expect(features.card_txn_count_10m).toBe(1);
  });

  it('takes an out-of-order transaction within the allowed lateness into the state', () => {
    const engine = new ReferenceFeatureEngine();
    engine.process(tx('t1', 400_000));
    const early = engine.process(tx('t0', 150_000));
    expect(early.late).toBe(false);
    // Its own window (t0 − 600 s, t0] ends before t1.
    expect(early.features.card_txn_count_10m).toBe(1);
    // As if they had come in order: t2's window (100 s, 700 s] holds t0, t1 and t2.
    expect(engine.process(tx('t2', 700_000)).features.card_txn_count_10m).toBe(3);
  });

  it('scores a transaction later than the allowed lateness over the state, with itself, and changes nothing', () => {
    const engine = new ReferenceFeatureEngine();
    engine.process(tx('t0', 500_000));
    engine.process(tx('t1', 1_000_000));
    engine.process(tx('t2', 1_010_000));
    const late = engine.process(tx('late', 1_010_000 - 300_001));
    expect(late.late).toBe(true);
    // Its window (109.999 s, 709.999 s] holds t0, and itself.
    expect(late.features.card_txn_count_10m).toBe(2);
    // t3's window (420 s, 1,020 s] holds t0, t1, t2 and t3, never the late one.
    expect(engine.process(tx('t3', 1_020_000)).features.card_txn_count_10m).toBe(4);
  });

  it('is not late at exactly the allowed lateness', () => {
    const engine = new ReferenceFeatureEngine();
    engine.process(tx('t1', 1_000_000));
    expect(engine.process(tx('edge', 700_000)).late).toBe(false);
  });

  it('emits a duplicate with the features of its first time and changes nothing', () => {
    const engine = new ReferenceFeatureEngine();
    const first = engine.process(tx('t1', 0, { amountMinor: 700 }));
    engine.process(tx('t2', 10_000, { amountMinor: 300 }));
    const again = engine.process(tx('t1', 0, { amountMinor: 700 }));
    expect(again).toEqual({ ...first, duplicate: true });
    expect(engine.process(tx('t3', 20_000)).features.card_txn_count_10m).toBe(3);
  });

  it('treats a duplicate that has become late by the lateness rule', () => {
    const engine = new ReferenceFeatureEngine();
    engine.process(tx('t1', 0));
    engine.process(tx('t2', 400_000));
    const again = engine.process(tx('t1', 0));
    expect(again).toMatchObject({ late: true, duplicate: true });
    // Over the state (t1 only within 600 s of t1's time), without counting t1 twice.
    expect(again.features.card_txn_count_10m).toBe(1);
  });

  it('counts a redelivered transaction once, though a later record of its crashed batch moved past its window', () => {
    const engine = new ReferenceFeatureEngine();
    // One batch, from a persisted watermark of 0: t1 is accepted, then t2's
    // watermark is past t1's window and lateness. The batch never commits,
    // nor is its watermark persisted: both come again from watermark 0.
    const durable = T0;
    const at = (watermarkMs: number) => ({ watermarkMs, durableWatermarkMs: durable });
    const first = engine.step(tx('t1', 0), at(durable));
    engine.step(tx('t2', 1_000_000), at(T0 + 1_000_000));
    expect(engine.step(tx('t1', 0), at(durable))).toEqual({ ...first, duplicate: true });
    const next = engine.step(tx('t2', 1_000_000), at(T0 + 1_000_000));
    expect(next).toMatchObject({ duplicate: true, late: false });
    expect(next.features.card_txn_count_7d).toBe(2);
  });

  it('keeps a watermark per partition', () => {
    const engine = new ReferenceFeatureEngine();
    engine.process(tx('p0', 1_000_000, { cardToken: 'a'.repeat(64) }), '0');
    expect(engine.process(tx('p1', 100_000, { cardToken: 'b'.repeat(64) }), '1').late).toBe(false);
    expect(engine.process(tx('p0-old', 100_000, { cardToken: 'c'.repeat(64) }), '0').late).toBe(true);
  });

  it('keeps the merchant events a lagging partition still counts: no partition prunes them alone', () => {
    const { windowMs, allowedLatenessMs } = DEFAULT_WINDOW_CONFIG;
    const engine = new ReferenceFeatureEngine();
    engine.process(tx('m1', 0, { cardToken: 'a'.repeat(64) }), '0');
    // Partition 1 moves far ahead of partition 0.
    engine.process(tx('m2', 10 * (windowMs + allowedLatenessMs), { cardToken: 'b'.repeat(64) }), '1');
    const lagging = engine.process(tx('m3', 100, { cardToken: 'c'.repeat(64) }), '0');
    expect(lagging).toMatchObject({ late: false, features: { merchant_txn_count_10m: 2 } });
  });

  it('with the stream’s partitions known, keeps merchant events until each partition has a watermark', () => {
    const { windowMs, allowedLatenessMs } = DEFAULT_WINDOW_CONFIG;
    const engine = new ReferenceFeatureEngine(DEFAULT_WINDOW_CONFIG, ['0', '1']);
    engine.process(tx('m1', 0, { cardToken: 'a'.repeat(64) }), '0');
    engine.process(tx('m2', 10 * (windowMs + allowedLatenessMs), { cardToken: 'b'.repeat(64) }), '0');
    engine.process(tx('m3', 10 * (windowMs + allowedLatenessMs) + 1, { cardToken: 'b'.repeat(64) }), '0');
    // Partition 1 starts late, far behind: m1 is still there.
    const first = engine.process(tx('m4', 100, { cardToken: 'c'.repeat(64) }), '1');
    expect(first.features.merchant_txn_count_10m).toBe(2);
  });

  it('forgets merchant events once every partition is past them, and never changes a feature by it', () => {
    const { windowMs, allowedLatenessMs } = DEFAULT_WINDOW_CONFIG;
    const far = windowMs + allowedLatenessMs + 1;
    const engine = new ReferenceFeatureEngine();
    const first = engine.step(tx('m1', 0), { watermarkMs: undefined, durableWatermarkMs: undefined });
    const low = { lowWatermarkMs: T0 + far };
    engine.step(tx('m2', far, { cardToken: 'b'.repeat(64) }), { watermarkMs: T0, durableWatermarkMs: T0, ...low });
    // A redelivery of m1 with its first watermark is not late: m1 is gone, so it counts as new.
    const again = engine.step(tx('m1', 0), { watermarkMs: undefined, durableWatermarkMs: undefined, ...low });
    expect(again.features.merchant_txn_count_10m).toBe(first.features.merchant_txn_count_10m);
    // Past the low watermark's cut, a transaction that is not late never sees the forgotten event.
    const next = engine.step(tx('m3', far + 1, { cardToken: 'c'.repeat(64) }), {
      watermarkMs: T0 + far,
      durableWatermarkMs: T0 + far,
      ...low,
    });
    expect(next.features.merchant_txn_count_10m).toBe(2);
  });

  it('scores a late merchant transaction over the merchant as it is now, every partition’s arrivals included', () => {
    const engine = new ReferenceFeatureEngine();
    engine.process(tx('t0', 1_000_000), '0');
    const late = engine.process(tx('late', 600_000, { cardToken: 'b'.repeat(64) }), '0');
    engine.process(tx('p1', 590_000, { cardToken: 'c'.repeat(64) }), '1');
    const again = engine.process(tx('late', 600_000, { cardToken: 'b'.repeat(64) }), '0');
    expect(late).toMatchObject({ late: true, features: { merchant_txn_count_10m: 1 } });
    expect(again).toMatchObject({ late: true, features: { merchant_txn_count_10m: 2 } });
  });

  describe('longer horizons', () => {
    const DAY = 86_400_000;
    // T0 is 12:00 UTC: day offsets keep whole UTC days apart.
    const card = (id: string, days: number, amountMinor: number) => tx(id, days * DAY, { amountMinor });

    it('counts the card over whole UTC days: [D − 6, D] and [D − 29, D], the transaction included', () => {
      const engine = new ReferenceFeatureEngine();
      engine.process(card('d-30', -30, 9_000));
      engine.process(card('d-29', -29, 1_000));
      engine.process(card('d-7', -7, 2_000));
      engine.process(card('d-6', -6, 3_000));
      const { features } = engine.process(card('d0', 0, 6_000));
      expect(features).toMatchObject({
        card_txn_count_7d: 2,
        card_amount_avg_7d: 4_500,
        card_txn_count_30d: 4,
        card_amount_avg_30d: 3_000,
        amount_to_card_avg_30d: 2,
      });
    });

    it('gives a duplicate the history of its first time, not what was accepted after it', () => {
      const engine = new ReferenceFeatureEngine();
      engine.process(card('d-1', -1, 1_000));
      const first = engine.process(tx('t1', 0, { amountMinor: 3_000 }));
      engine.process(tx('t2', 60_000, { amountMinor: 5_000 }));
      expect(engine.process(tx('t1', 0, { amountMinor: 3_000 })).features).toEqual(first.features);
      expect(first.features).toMatchObject({ card_txn_count_7d: 2, card_amount_avg_7d: 2_000 });
    });

    it('scores a late transaction over the current days plus itself, and leaves them unchanged', () => {
      const engine = new ReferenceFeatureEngine();
      engine.process(tx('t1', 1_000_000, { amountMinor: 1_000 }));
      const late = engine.process(tx('late', 600_000, { amountMinor: 3_000 }));
      expect(late).toMatchObject({ late: true, features: { card_txn_count_7d: 2, card_amount_avg_7d: 2_000 } });
      expect(engine.process(tx('t2', 1_100_000, { amountMinor: 1_000 })).features.card_txn_count_7d).toBe(2);
    });

    const shop = (id: string, days: number, cardToken: string) =>
      tx(id, days * DAY, { cardToken: cardToken.repeat(64), merchantId: 'shop' });

    it('serves a merchant’s confirmed frauds two days late: day D − 2, and days D − 8 to D − 2', () => {
      const engine = new ReferenceFeatureEngine();
      const fraud = shop('s2', 0, 'b');
      for (const sale of [shop('s1', 0, 'a'), fraud, shop('s3', 0, 'c'), shop('s4', 0, 'd')]) engine.process(sale);
      expect(engine.confirm(fraud)).toBe(true);
      expect(engine.process(shop('d1', 1, 'e')).features).toMatchObject({
        merchant_txn_count_1d_delay2d: 0,
        merchant_fraud_rate_1d_delay2d: 0,
      });
      expect(engine.process(shop('d2', 2, 'f')).features).toMatchObject({
        merchant_txn_count_1d_delay2d: 4,
        merchant_fraud_rate_1d_delay2d: 0.25,
        merchant_txn_count_7d_delay2d: 4,
        merchant_fraud_rate_7d_delay2d: 0.25,
      });
      // Day 0 is D − 8 on day 8, and gone on day 9.
      expect(engine.process(shop('d8', 8, 'g')).features).toMatchObject({
        merchant_txn_count_7d_delay2d: 6,
        merchant_fraud_rate_7d_delay2d: 1 / 6,
      });
      expect(engine.process(shop('d9', 9, 'h')).features).toMatchObject({
        merchant_txn_count_7d_delay2d: 2,
        merchant_fraud_rate_7d_delay2d: 0,
      });
    });

    it('counts a confirmation once, and not when its day is older than the days kept', () => {
      const engine = new ReferenceFeatureEngine();
      const sale = shop('s1', 0, 'a');
      engine.process(sale);
      expect(engine.confirm(sale)).toBe(true);
      expect(engine.confirm(sale)).toBe(false);
      engine.process(shop('d10', 10, 'b'));
      expect(engine.confirm(shop('s0', 0, 'c'))).toBe(false);
      expect(engine.confirm(shop('s1-day1', 1, 'c'))).toBe(true);
    });

    it('keeps a merchant duplicate’s first feedback, though confirmations came since', () => {
      const engine = new ReferenceFeatureEngine();
      const sale = shop('s1', 0, 'a');
      engine.process(sale);
      const first = engine.process(shop('d2', 2, 'b'));
      engine.confirm(sale);
      expect(engine.process(shop('d2', 2, 'b')).features).toEqual(first.features);
      expect(engine.process(shop('d2-next', 2, 'c')).features.merchant_fraud_rate_1d_delay2d).toBe(1);
    });
  });
});
