import { parseLabel, parseTransaction } from '@fraud/contracts';
import {
  DEFAULT_SCENARIO_SETTINGS,
  FRAUD_SCENARIOS,
  simulate,
  simulationConfig,
  withScenarioMix,
  type SimulatedTransaction,
} from '@fraud/simulator';
import { describe, expect, it } from 'vitest';

import { CardTokenizer } from '../card/card-tokenizer.js';
import { toSimulatedEvents } from './simulated-events.js';

const tokenizer = new CardTokenizer('simulated-events-test-key-0123456789');
const PAN = '4000056655665556';
const CARD = tokenizer.tokenize(PAN);

const simulated: SimulatedTransaction = {
  transaction: {
    schemaVersion: 1,
    transactionId: 'sim-1-0000042',
    merchantId: 'm-0007',
    merchantCategoryCode: '5411',
    amountMinor: 4599,
    currency: 'EUR',
    timestamp: '2026-01-01T10:15:30.123Z',
    location: { lat: 38.7223, lon: -9.1393, country: 'PT', city: 'Lisbon' },
    channel: 'card_present',
  },
  pan: PAN,
  label: { isFraud: true, scenario: 'card_testing' },
};

describe('simulated events', () => {
  it('replaces the card number with token, BIN and last four, fields in a fixed order', () => {
    const { transaction } = toSimulatedEvents(simulated, tokenizer);
    expect(JSON.stringify(transaction)).toBe(
      JSON.stringify({
        schemaVersion: 1,
        transactionId: 'sim-1-0000042',
        cardToken: CARD.cardToken,
        cardBin: '400005',
        cardLast4: '5556',
        merchantId: 'm-0007',
        merchantCategoryCode: '5411',
        amountMinor: 4599,
        currency: 'EUR',
        timestamp: '2026-01-01T10:15:30.123Z',
        location: { lat: 38.7223, lon: -9.1393, country: 'PT', city: 'Lisbon' },
        channel: 'card_present',
      }),
    );
    expect(Object.hasOwn(transaction, 'pan')).toBe(false);
  });

  it('labels the transaction with its card token and ground truth', () => {
    expect(toSimulatedEvents(simulated, tokenizer).label).toStrictEqual({
      schemaVersion: 1,
      transactionId: 'sim-1-0000042',
      cardToken: CARD.cardToken,
      isFraud: true,
      scenario: 'card_testing',
    });
  });

  it('leaves out a merchant category code the simulator did not set', () => {
    const { merchantCategoryCode: _omitted, ...withoutCode } = simulated.transaction;
    const { transaction } = toSimulatedEvents({ ...simulated, transaction: withoutCode }, tokenizer);
    expect(Object.keys(transaction)).toEqual([
      'schemaVersion',
      'transactionId',
      'cardToken',
      'cardBin',
      'cardLast4',
      'merchantId',
      'amountMinor',
      'currency',
      'timestamp',
      'location',
      'channel',
    ]);
  });

  it('turns every purchase of a small world, fraud included, into events the contracts accept and no PAN', () => {
    const config = simulationConfig({
      seed: 1,
      customers: 50,
      merchants: 20,
      scenarios: withScenarioMix(DEFAULT_SCENARIO_SETTINGS, { enabled: FRAUD_SCENARIOS, rateMultiplier: 10 }),
    });
    const world = [...simulate(config, 1)];
    const events = world.map((purchase) => toSimulatedEvents(purchase, tokenizer));

    expect(events.map(({ transaction }) => parseTransaction(transaction))).toEqual(
      events.map(({ transaction }) => ({ ok: true, value: transaction })),
    );
    expect(events.map(({ label }) => parseLabel(label))).toEqual(
      events.map(({ label }) => ({ ok: true, value: label })),
    );
    expect(
      events.map(({ transaction }) => [transaction.cardToken, transaction.cardBin, transaction.cardLast4]),
    ).toEqual(world.map(({ pan }) => [tokenizer.tokenize(pan).cardToken, pan.slice(0, 6), pan.slice(-4)]));
    expect(events.map(({ label }) => [label.transactionId, label.cardToken, label.isFraud, label.scenario])).toEqual(
      world.map(({ transaction, pan, label }) => [
        transaction.transactionId,
        tokenizer.tokenize(pan).cardToken,
        label.isFraud,
        label.scenario,
      ]),
    );
    expect(world.filter(({ label }) => label.isFraud).length).toBeGreaterThan(0);

    const published = JSON.stringify(events);
    expect(world.filter(({ pan }) => published.includes(pan))).toEqual([]);
    expect(published.includes('"pan"')).toBe(false);
  });
});
