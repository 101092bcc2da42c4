import type { Label } from '@fraud/contracts';
import { describe, expect, it } from 'vitest';

import { SimulationTally } from './simulation-summary.js';

const START = 50_000;

function label(n: number, scenario: string): Label {
  return {
    schemaVersion: 1,
    transactionId: `sim-${n}`,
    cardToken: 'a'.repeat(64),
    isFraud: scenario !== 'legit',
    scenario,
  };
}

describe('simulation tally', () => {
  it('counts published transactions, frauds, each scenario by name and confirmations, with the rate', () => {
    const tally = new SimulationTally(START);
    tally.add([label(0, 'legit'), label(1, 'impossible_travel'), label(2, 'legit')]);
    tally.add([label(3, 'card_testing'), label(4, 'card_testing')]);
    tally.add([]);
    tally.addConfirmations(1);
    tally.addConfirmations(0);
    const summary = tally.summary(START + 2000, 2);
    expect(summary).toEqual({
      published: 5,
      frauds: 3,
      byScenario: { card_testing: 2, impossible_travel: 1, legit: 2 },
      confirmations: 1,
      confirmationsPending: 2,
      elapsedMs: 2000,
      perSecond: 3,
    });
    expect(Object.keys(summary.byScenario)).toEqual(['card_testing', 'impossible_travel', 'legit']);
  });

  it('rounds the rate to whole transactions per second', () => {
    const tally = new SimulationTally(START);
    tally.add([label(0, 'legit'), label(1, 'legit'), label(2, 'legit')]);
    expect(tally.summary(START + 2000, 0).perSecond).toBe(2);
    expect(tally.summary(START + 3000, 0).perSecond).toBe(1);
  });

  it('counts at least 1 ms elapsed, so a summary taken at the start has a finite rate', () => {
    const tally = new SimulationTally(START);
    tally.add([label(0, 'legit')]);
    expect(tally.summary(START, 0)).toEqual({
      published: 1,
      frauds: 0,
      byScenario: { legit: 1 },
      confirmations: 0,
      confirmationsPending: 0,
      elapsedMs: 1,
      perSecond: 1000,
    });
  });

  it('sums to nothing when nothing was published', () => {
    expect(new SimulationTally(START).summary(START + 10_000, 0)).toEqual({
      published: 0,
      frauds: 0,
      byScenario: {},
      confirmations: 0,
      confirmationsPending: 0,
      elapsedMs: 10_000,
      perSecond: 0,
    });
  });
});
