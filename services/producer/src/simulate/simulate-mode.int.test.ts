import { decodeLabel, decodeTransaction, type Label, type Transaction } from '@fraud/contracts';
import { simulate, simulationConfig } from '@fraud/simulator';
import { freePort, readStream, runServiceToExit, type StoredRecord, uniqueStreamPrefix } from '@fraud/testing';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';

import { expectedToken, PRODUCER_ENTRY, producerEnv } from '../test-support/producer-env.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const SEED = 11;
const COUNT = 400;
const WORLD = { customers: 60, merchants: 40 };

function decodeAll<T>(
  records: StoredRecord[],
  decode: (bytes: Buffer) => { ok: true; value: T } | { ok: false; error: Error },
): T[] {
  return records.map((record) => {
    const decoded = decode(record.value);
    if (!decoded.ok) throw decoded.error;
    return decoded.value;
  });
}

describe.each(['kafka', 'kinesis'] as const)('simulate mode on %s', (transport) => {
  const infra = inject('infra');
  const prefix = uniqueStreamPrefix(`simulate-${transport}`);
  const expected = [...simulate(simulationConfig({ seed: SEED, ...WORLD }), 30)].slice(0, COUNT);
  let run: Awaited<ReturnType<typeof runServiceToExit>>;
  let transactions: StoredRecord[];
  let labels: StoredRecord[];

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
      ],
      env: producerEnv(inject('infraEnv'), transport, prefix, { HTTP_PORT: String(await freePort()) }),
      timeoutMs: 90_000,
    });
    transactions = await readStream(transport, infra, `${prefix}transactions`);
    labels = await readStream(transport, infra, `${prefix}transaction-labels`);
  });

  it('ends by itself with exit code 0 once the count is published, and says what it published', () => {
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 0, signal: null });
    const finished = run.stdout
      .split('\n')
      .filter((line) => line.includes('"simulation finished"'))
      .map((line) => JSON.parse(line) as { published: number; frauds: number });
    expect(finished).toHaveLength(1);
    expect(finished[0]!.published).toBe(COUNT);
    expect(finished[0]!.frauds).toBe(expected.filter(({ label }) => label.isFraud).length);
  });

  it('publishes the simulation’s transactions exactly once each, tokenised, keyed by card token', () => {
    const events = decodeAll<Transaction>(transactions, decodeTransaction);
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
    const events = decodeAll<Transaction>(transactions, decodeTransaction);
    const lastSeen = new Map<string, string>();
    for (const event of events) {
      const previous = lastSeen.get(event.cardToken);
      if (previous !== undefined) expect(event.timestamp >= previous).toBe(true);
      lastSeen.set(event.cardToken, event.timestamp);
    }
  });

  it('publishes every label to transaction-labels, never inside a transaction', () => {
    const published = decodeAll<Label>(labels, decodeLabel);
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

  it('shows none of the simulation’s card numbers in any record or log line', () => {
    const everything =
      [...transactions, ...labels].map((record) => record.value.toString('utf8')).join('\n') + run.stdout + run.stderr;
    const pans = new Set(expected.map(({ pan }) => pan));
    expect(pans.size).toBeGreaterThan(10);
    for (const pan of pans) expect(everything).not.toContain(pan);
  });
});
