import { LEGIT_SCENARIO, isLuhnValid, parseTransaction } from '@fraud/contracts';
import { beforeAll, describe, expect, it } from 'vitest';

import { TEST_PAN_RANGES } from '../cards/test-pan.js';
import { haversineKm } from '../geo/haversine.js';
import { FRAUD_SCENARIOS } from '../scenarios/scenario-names.js';
import { simulationConfig } from '../world/world-config.js';
import { simulate } from './simulate.js';
import type { SimulatedTransaction } from './simulated-transaction.js';

const DAYS = 30;
const CUSTOMERS = 500;
const config = simulationConfig({ seed: 20261122, customers: CUSTOMERS, merchants: 200 });
const fakeCardToken = 'ab'.repeat(32);

const timeOf = (s: SimulatedTransaction) => Date.parse(s.transaction.timestamp);

describe('simulate: determinism', () => {
  const small = simulationConfig({ seed: 77, customers: 60, merchants: 80 });

  it('gives identical transactions for the same seed, deep-equal and as JSON', () => {
    const first = [...simulate(small, 5)];
    const second = [...simulate(small, 5)];
    expect(first.length).toBeGreaterThan(0);
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('gives different cards, amounts and times for a different seed', () => {
    const summary = (seed: number) =>
      [...simulate({ ...small, seed }, 5)].map((s) => [s.pan, s.transaction.amountMinor, s.transaction.timestamp]);
    const a = summary(77);
    const b = summary(78);
    expect(b).not.toEqual(a);
    const pansOfB = new Set(b.map(([pan]) => pan));
    const timesOfB = new Set(b.map(([, , time]) => time));
    expect(a.filter(([pan]) => pansOfB.has(pan))).toEqual([]);
    expect(a.filter(([, , time]) => timesOfB.has(time))).toEqual([]);
  });

  it('numbers transactions sim-<seed>-<n> in event-time order from 0', () => {
    const ids = [...simulate(small, 2)].map((s) => s.transaction.transactionId);
    expect(ids.slice(0, 3)).toEqual(['sim-77-0', 'sim-77-1', 'sim-77-2']);
    expect(ids.at(-1)).toBe(`sim-77-${ids.length - 1}`);
  });

  it('yields nothing for 0 days and refuses a negative or fractional day count', () => {
    expect([...simulate(small, 0)]).toEqual([]);
    expect(() => [...simulate(small, -1)]).toThrow(RangeError);
    expect(() => [...simulate(small, 1.5)]).toThrow(RangeError);
  });
});

describe('simulate: 30 days, 500 cards, 200 merchants', () => {
  let all: SimulatedTransaction[];

  beforeAll(() => {
    all = [...simulate(config, DAYS)];
  });

  it('includes every fraud scenario, each labelled fraud, and legit ones labelled not fraud', () => {
    const scenarios = new Set(all.map((s) => s.label.scenario));
    expect([...scenarios].sort()).toEqual([...FRAUD_SCENARIOS, LEGIT_SCENARIO].sort());
    for (const { label } of all) expect(label.isFraud).toBe(label.scenario !== LEGIT_SCENARIO);
  });

  it('has an overall fraud rate between 0.5% and 3%', () => {
    const rate = all.filter((s) => s.label.isFraud).length / all.length;
    expect(rate).toBeGreaterThan(0.005);
    expect(rate).toBeLessThan(0.03);
  });

  it('has a genuine mean amount between 45 and 65 (handbook: mean of U(5, 100) is 52.5)', () => {
    const legit = all.filter((s) => s.label.scenario === LEGIT_SCENARIO);
    const mean = legit.reduce((sum, s) => sum + s.transaction.amountMinor, 0) / legit.length / 100;
    expect(mean).toBeGreaterThan(45);
    expect(mean).toBeLessThan(65);
  });

  it('has 1.8 to 2.2 own purchases per card per day (handbook: mean of U(0, 4) is 2)', () => {
    const own = all.filter((s) => s.label.scenario !== 'card_testing' && s.label.scenario !== 'impossible_travel');
    const perCardPerDay = own.length / CUSTOMERS / DAYS;
    expect(perCardPerDay).toBeGreaterThan(1.8);
    expect(perCardPerDay).toBeLessThan(2.2);
  });

  it('yields transactions sorted by timestamp, all inside the 30 simulated days', () => {
    const start = Date.parse(config.startTime);
    for (let i = 1; i < all.length; i++) expect(timeOf(all[i]!)).toBeGreaterThanOrEqual(timeOf(all[i - 1]!));
    expect(timeOf(all[0]!)).toBeGreaterThanOrEqual(start);
    expect(timeOf(all.at(-1)!)).toBeLessThan(start + DAYS * 86_400_000);
  });

  it('follows every impossible_travel fraud with a preceding purchase of the card > 500 km away within 10 minutes', () => {
    const frauds = all.map((s, i) => [s, i] as const).filter(([s]) => s.label.scenario === 'impossible_travel');
    expect(frauds.length).toBeGreaterThan(0);
    for (const [fraud, index] of frauds) {
      const earlier = all
        .slice(0, index)
        .filter((s) => s.pan === fraud.pan && timeOf(fraud) - timeOf(s) < 600_000 && timeOf(fraud) > timeOf(s));
      const far = earlier.filter((s) => haversineKm(s.transaction.location, fraud.transaction.location) > 500);
      expect(far.length).toBeGreaterThan(0);
    }
  });

  it('keeps every card_testing burst (a card’s attempts less than 10 minutes apart) within 3 minutes, at 10+ merchants', () => {
    const byCard = new Map<string, SimulatedTransaction[]>();
    for (const s of all.filter((t) => t.label.scenario === 'card_testing')) {
      byCard.set(s.pan, [...(byCard.get(s.pan) ?? []), s]);
    }
    const bursts: SimulatedTransaction[][] = [];
    for (const attempts of byCard.values()) {
      let burst: SimulatedTransaction[] = [];
      for (const attempt of attempts) {
        const last = burst.at(-1);
        if (last !== undefined && timeOf(attempt) - timeOf(last) >= 600_000) {
          bursts.push(burst);
          burst = [];
        }
        burst.push(attempt);
      }
      bursts.push(burst);
    }
    expect(bursts.length).toBeGreaterThan(0);
    for (const burst of bursts) {
      expect(timeOf(burst.at(-1)!) - timeOf(burst[0]!)).toBeLessThanOrEqual(180_000);
      expect(new Set(burst.map((s) => s.transaction.merchantId)).size).toBeGreaterThanOrEqual(10);
      expect(burst.every((s) => s.transaction.amountMinor <= 300 && s.transaction.channel === 'card_not_present')).toBe(
        true,
      );
    }
  });

  it('uses only Luhn-valid PANs from the test ranges', () => {
    for (const pan of new Set(all.map((s) => s.pan))) {
      expect(isLuhnValid(pan)).toBe(true);
      expect(TEST_PAN_RANGES.some((bin) => pan.startsWith(bin))).toBe(true);
    }
  });

  it('yields transactions that, with a card token added, parse as contract Transactions unchanged', () => {
    for (const { transaction } of all) {
      const event = { ...transaction, cardToken: fakeCardToken };
      expect(parseTransaction(event)).toEqual({ ok: true, value: event });
    }
  });
});
