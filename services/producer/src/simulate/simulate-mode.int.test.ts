import { decodeFraudConfirmation, decodeLabel, decodeTransaction, type FraudConfirmation } from '@fraud/contracts';
import {
  DEFAULT_SCENARIO_SETTINGS,
  FRAUD_SCENARIOS,
  simulate,
  simulationConfig,
  withScenarioMix,
} from '@fraud/simulator';
import {
  decodeRecords,
  freePort,
  readStream,
  runServiceToExit,
  type StoredRecord,
  uniqueStreamPrefix,
} from '@fraud/testing';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';

import { expectedToken, PRODUCER_ENTRY, producerEnv } from '../test-support/producer-env.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const SEED = 11;
const COUNT = 400;
const WORLD = { customers: 60, merchants: 40 };
// Enough fraud in this small world to confirm; a delay that leaves the last frauds unconfirmed at the end.
const FRAUD_MULTIPLIER = 10;
const CONFIRMATION_DELAY_HOURS = 12;
const DELAY_MS = CONFIRMATION_DELAY_HOURS * 3_600_000;

describe.each(['kafka', 'kinesis'] as const)('simulate mode on %s', (transport) => {
  const infra = inject('infra');
  const prefix = uniqueStreamPrefix(`simulate-${transport}`);
  const scenarios = withScenarioMix(DEFAULT_SCENARIO_SETTINGS, {
    enabled: FRAUD_SCENARIOS,
    rateMultiplier: FRAUD_MULTIPLIER,
  });
  const expected = [...simulate(simulationConfig({ seed: SEED, ...WORLD, scenarios }), 30)].slice(0, COUNT);
  let run: Awaited<ReturnType<typeof runServiceToExit>>;
  let transactions: StoredRecord[];
  let labels: StoredRecord[];
  let confirmations: StoredRecord[];

  beforeAll(async () => {
    run = await runServiceToExit({
      entry: PRODUCER_ENTRY,
      args: [
        'simulate',
        '--seed',
        String(SEED),
        '--customers',
        '60',
        '--merchants',
        '40',
        '--count',
        String(COUNT),
        '--rate',
        'max',
        '--fraud-multiplier',
        String(FRAUD_MULTIPLIER),
        '--confirmation-delay-hours',
        String(CONFIRMATION_DELAY_HOURS),
      ],
      env: producerEnv(inject('infraEnv'), transport, prefix, { HTTP_PORT: String(await freePort()) }),
      timeoutMs: 90_000,
    });
    transactions = await readStream(transport, infra, `${prefix}transactions`);
    labels = await readStream(transport, infra, `${prefix}transaction-labels`);
    confirmations = await readStream(transport, infra, `${prefix}fraud-confirmations`);
  });

  it('ends by itself with exit code 0 once the count is published, and says what it published', () => {
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 0, signal: null });
    const finished = run.stdout
      .split('\n')
      .filter((line) => line.includes('"simulation finished"'))
      .map((line) => JSON.parse(line) as Record<string, number>);
    expect(finished).toHaveLength(1);
    const frauds = expected.filter(({ label }) => label.isFraud).length;
    expect(frauds).toBeGreaterThan(10);
    expect(finished[0]).toMatchObject({
      published: COUNT,
      frauds,
      confirmations: confirmations.length,
      confirmationsPending: frauds - confirmations.length,
    });
  });

  it('publishes the simulation’s transactions exactly once each, tokenised, keyed by card token', () => {
    const events = decodeRecords(transactions, decodeTransaction).map(({ event }) => event);
    expect(events.map((event) => event.transactionId).sort()).toEqual(
      expected.map(({ transaction }) => transaction.transactionId).sort(),
    );
    const byId = new Map(events.map((event) => [event.transactionId, event]));
    for (const { transaction, pan } of expected) {
      const { transactionId, ...fields } = transaction;
      expect(byId.get(transactionId)).toEqual({
        ...fields,
        transactionId,
        cardToken: expectedToken(pan),
        cardBin: pan.slice(0, 6),
        cardLast4: pan.slice(-4),
      });
    }
    for (const [index, record] of transactions.entries()) expect(record.key).toBe(events[index]!.cardToken);
  });

  it('keeps each card’s transactions in event-time order within its partition', () => {
    const events = decodeRecords(transactions, decodeTransaction).map(({ event }) => event);
    const lastSeen = new Map<string, string>();
    for (const event of events) {
      const previous = lastSeen.get(event.cardToken);
      if (previous !== undefined) expect(event.timestamp >= previous).toBe(true);
      lastSeen.set(event.cardToken, event.timestamp);
    }
  });

  it('publishes every label to transaction-labels, never inside a transaction', () => {
    const published = decodeRecords(labels, decodeLabel).map(({ event }) => event);
    expect(published.sort((a, b) => a.transactionId.localeCompare(b.transactionId))).toEqual(
      expected
        .map(({ transaction, pan, label }) => ({
          schemaVersion: 1,
          transactionId: transaction.transactionId,
          cardToken: expectedToken(pan),
          isFraud: label.isFraud,
          scenario: label.scenario,
        }))
        .sort((a, b) => a.transactionId.localeCompare(b.transactionId)),
    );
    for (const record of transactions) {
      const text = record.value.toString('utf8');
      expect(text).not.toContain('isFraud');
      expect(text).not.toContain('scenario');
    }
  });

  it('confirms each fraud on fraud-confirmations the delay after it, once the simulation reaches that time', () => {
    const published = decodeRecords(confirmations, decodeFraudConfirmation).map(({ event }) => event);
    const lastMs = Math.max(...expected.map(({ transaction }) => Date.parse(transaction.timestamp)));
    const due = expected.filter(
      ({ transaction, label }) => label.isFraud && Date.parse(transaction.timestamp) + DELAY_MS <= lastMs,
    );
    // Frauds of the last simulated hours are not due by the end of the run, and are never published.
    expect(due.length).toBeGreaterThan(10);
    expect(due.length).toBeLessThan(expected.filter(({ label }) => label.isFraud).length);
    expect(published.sort((a, b) => a.transactionId.localeCompare(b.transactionId))).toEqual(
      due
        .map(({ transaction, pan }) => ({
          schemaVersion: 1,
          transactionId: transaction.transactionId,
          cardToken: expectedToken(pan),
          merchantId: transaction.merchantId,
          timestamp: transaction.timestamp,
          confirmedAt: new Date(Date.parse(transaction.timestamp) + DELAY_MS).toISOString(),
        }))
        .sort((a, b) => a.transactionId.localeCompare(b.transactionId)),
    );
    for (const record of confirmations) {
      expect(record.key).toBe((JSON.parse(record.value.toString('utf8')) as FraudConfirmation).cardToken);
    }
  });

  it('shows none of the simulation’s card numbers in any record or log line', () => {
    const everything =
      [...transactions, ...labels, ...confirmations].map((record) => record.value.toString('utf8')).join('\n') +
      run.stdout +
      run.stderr;
    const pans = new Set(expected.map(({ pan }) => pan));
    expect(pans.size).toBeGreaterThan(10);
    for (const pan of pans) expect(everything).not.toContain(pan);
  });
});
