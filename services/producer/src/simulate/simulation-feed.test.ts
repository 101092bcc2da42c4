import { burstyRate, steadyRate, type SimulatedTransaction } from '@fraud/simulator';
import { describe, expect, it } from 'vitest';

import type { Pacing } from './simulate-options.js';
import { SimulationFeed, type FeedLimits } from './simulation-feed.js';

/** Wall time the feed starts at; any fixed value will do. */
const START = 1_000_000;
/** Simulated time of the first purchase: mid-morning, so a clock that waited for midnight would show. */
const FIRST_SIM_MS = Date.parse('2026-01-01T09:00:00.000Z');

function purchase(n: number, simMs: number): SimulatedTransaction {
  return {
    transaction: {
      schemaVersion: 1,
      transactionId: `sim-${n}`,
      merchantId: 'merchant-1',
      amountMinor: 100 + n,
      currency: 'EUR',
      timestamp: new Date(simMs).toISOString(),
      location: { lat: 38.7223, lon: -9.1393, country: 'PT', city: 'Lisbon' },
      channel: 'card_present',
    },
    pan: '4111111111111111',
    label: { isFraud: false, scenario: 'legit' },
  };
}

/** `count` purchases, one simulated second apart. */
function purchases(count: number): SimulatedTransaction[] {
  return Array.from({ length: count }, (_, n) => purchase(n, FIRST_SIM_MS + n * 1000));
}

function feedOf(source: SimulatedTransaction[], pacing: Pacing, limits: FeedLimits = {}): SimulationFeed {
  return new SimulationFeed(source, pacing, limits, START);
}

function ids(released: readonly SimulatedTransaction[]): string[] {
  return released.map((simulated) => simulated.transaction.transactionId);
}

const steady10: Pacing = { kind: 'rate', plan: steadyRate(10) };

describe('simulation feed at a steady rate', () => {
  it('releases 1 at the start, 6 by 500 ms and 11 by 1 s at 10 per second', () => {
    const feed = feedOf(purchases(50), steady10);
    expect(ids(feed.takeDue(START, 100))).toEqual(['sim-0']);
    expect(ids(feed.takeDue(START + 500, 100))).toEqual(['sim-1', 'sim-2', 'sim-3', 'sim-4', 'sim-5']);
    expect(feed.takeDue(START + 500, 100)).toEqual([]);
    expect(ids(feed.takeDue(START + 1000, 100))).toEqual(['sim-6', 'sim-7', 'sim-8', 'sim-9', 'sim-10']);
    expect(feed.released).toBe(11);
  });

  it('releases at most `max` per call and the rest on the next calls', () => {
    const feed = feedOf(purchases(50), steady10);
    expect([1, 2, 3, 4].map(() => feed.takeDue(START + 1000, 4).length)).toEqual([4, 4, 3, 0]);
    expect(feed.released).toBe(11);
  });

  it('says when the next one is due: the start, then every 100 ms', () => {
    const feed = feedOf(purchases(50), steady10);
    expect(feed.nextDueAt(START)).toBe(START);
    feed.takeDue(START + 250, 100);
    expect(feed.released).toBe(3);
    expect(feed.nextDueAt(START + 250)).toBe(START + 300);
  });
});

describe('simulation feed at a bursty rate', () => {
  it('releases each second’s 10 within its first 100 ms, then nothing until the next second', () => {
    const feed = feedOf(purchases(50), { kind: 'rate', plan: burstyRate(10, 1000, 100) });
    expect(feed.takeDue(START, 100).length).toBe(1);
    expect(feed.takeDue(START + 50, 100).length).toBe(5);
    expect(feed.takeDue(START + 99, 100).length).toBe(4);
    expect(feed.takeDue(START + 500, 100).length).toBe(0);
    expect(feed.nextDueAt(START + 500)).toBe(START + 1000);
    expect(feed.takeDue(START + 1000, 100).length).toBe(1);
    expect(feed.released).toBe(11);
  });
});

describe('simulation feed unthrottled', () => {
  it('takes `max` on every call until the source runs out', () => {
    const feed = feedOf(purchases(20), { kind: 'unthrottled' });
    expect(feed.nextDueAt(START)).toBe(START);
    expect([1, 2, 3, 4].map(() => feed.takeDue(START, 7).length)).toEqual([7, 7, 6, 0]);
    expect(feed.finished(START)).toBe(true);
    expect(feed.nextDueAt(START)).toBeUndefined();
  });
});

describe('simulation feed on a simulated clock', () => {
  // At speed 60 a simulated minute passes in one wall second.
  const source = (): SimulatedTransaction[] => [
    purchase(0, FIRST_SIM_MS),
    purchase(1, FIRST_SIM_MS + 30_000),
    purchase(2, FIRST_SIM_MS + 60_000),
    purchase(3, FIRST_SIM_MS + 120_000),
  ];
  const clock: Pacing = { kind: 'clock', speed: 60 };

  it('starts the clock at the first transaction and releases each when its simulated time is due', () => {
    const feed = feedOf(source(), clock);
    expect(feed.nextDueAt(START)).toBe(START);
    expect(ids(feed.takeDue(START, 100))).toEqual(['sim-0']);
    expect(feed.nextDueAt(START)).toBe(START + 500);
    expect(feed.takeDue(START + 499, 100)).toEqual([]);
    expect(ids(feed.takeDue(START + 500, 100))).toEqual(['sim-1']);
    expect(feed.takeDue(START + 999, 100)).toEqual([]);
    expect(ids(feed.takeDue(START + 1000, 100))).toEqual(['sim-2']);
    expect(feed.nextDueAt(START + 1000)).toBe(START + 2000);
    expect(ids(feed.takeDue(START + 2000, 100))).toEqual(['sim-3']);
    expect(feed.finished(START + 2000)).toBe(true);
  });

  it('releases everything already due in one call, at most `max`', () => {
    const feed = feedOf(source(), clock);
    expect(ids(feed.takeDue(START + 1500, 2))).toEqual(['sim-0', 'sim-1']);
    expect(ids(feed.takeDue(START + 1500, 2))).toEqual(['sim-2']);
    expect(feed.nextDueAt(START + 1500)).toBe(START + 2000);
  });
});

describe('simulation feed limits', () => {
  it('stops after `count` transactions', () => {
    const feed = feedOf(purchases(50), steady10, { count: 3 });
    expect(feed.finished(START)).toBe(false);
    expect(ids(feed.takeDue(START + 1000, 100))).toEqual(['sim-0', 'sim-1', 'sim-2']);
    expect(feed.finished(START + 1000)).toBe(true);
    expect(feed.takeDue(START + 5000, 100)).toEqual([]);
    expect(feed.nextDueAt(START + 1000)).toBeUndefined();
    expect(feed.released).toBe(3);
  });

  it('stops releasing `durationMs` after the start', () => {
    const feed = feedOf(purchases(50), steady10, { durationMs: 1000 });
    expect(feed.takeDue(START + 999, 100).length).toBe(10);
    expect(feed.finished(START + 999)).toBe(false);
    expect(feed.nextDueAt(START + 999)).toBe(START + 1000);
    expect(feed.finished(START + 1000)).toBe(true);
    expect(feed.takeDue(START + 1000, 100)).toEqual([]);
    expect(feed.nextDueAt(START + 1000)).toBeUndefined();
    expect(feed.released).toBe(10);
  });

  it('is finished when the source runs out, and at once for an empty source', () => {
    const feed = feedOf(purchases(3), steady10);
    expect(feed.takeDue(START + 200, 100).length).toBe(3);
    expect(feed.finished(START + 200)).toBe(true);
    expect(feed.nextDueAt(START + 200)).toBeUndefined();
    expect(feedOf([], steady10).finished(START)).toBe(true);
  });

  it('reads the source lazily, one transaction ahead at most', () => {
    let pulled = 0;
    function* counting(): Generator<SimulatedTransaction> {
      for (const simulated of purchases(50)) {
        pulled++;
        yield simulated;
      }
    }
    const feed = new SimulationFeed(counting(), steady10, {}, START);
    expect(pulled).toBe(0);
    feed.takeDue(START + 500, 100);
    expect(feed.released).toBe(6);
    expect(pulled).toBe(6);
  });
});
