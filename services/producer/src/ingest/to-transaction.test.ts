import { exampleIngestTransaction, parseTransaction, type IngestTransaction } from '@fraud/contracts';
import { describe, expect, it, vi } from 'vitest';

import { CardTokenizer } from '../card/card-tokenizer.js';
import { toTransaction } from './to-transaction.js';

const tokenizer = new CardTokenizer('to-transaction-test-key-0123456789');
const RECEIVED_AT = new Date('2026-11-22T10:16:00.456Z');

function defaults(newTransactionId = vi.fn(() => 'generated-id')) {
  return { newTransactionId, receivedAt: RECEIVED_AT };
}

/** A transaction without transactionId, timestamp, merchantCategoryCode or city. */
const minimal: IngestTransaction = {
  pan: '4242424242424242',
  merchantId: 'merchant-977',
  amountMinor: 120000,
  currency: 'USD',
  location: { lat: 40.7128, lon: -74.006, country: 'US' },
  channel: 'card_not_present',
};

describe('ingest transaction to Transaction', () => {
  it('carries every field the client sent and replaces the card number with its token, BIN and last four', () => {
    const newTransactionId = vi.fn(() => 'generated-id');
    const card = tokenizer.tokenize(exampleIngestTransaction.pan);
    const transaction = toTransaction(exampleIngestTransaction, card, defaults(newTransactionId));
    expect(transaction).toStrictEqual({
      schemaVersion: 1,
      transactionId: 'txn-0001',
      cardToken: card.cardToken,
      cardBin: '411111',
      cardLast4: '1111',
      merchantId: 'merchant-042',
      merchantCategoryCode: '5411',
      amountMinor: 4599,
      currency: 'EUR',
      timestamp: '2026-11-22T10:15:30.123Z',
      location: { lat: 38.7223, lon: -9.1393, country: 'PT', city: 'Lisbon' },
      channel: 'card_present',
    });
    expect(newTransactionId).not.toHaveBeenCalled();
  });

  it('generates the id and takes the time of receipt only when the client sent none', () => {
    const newTransactionId = vi.fn(() => 'generated-id');
    const transaction = toTransaction(minimal, tokenizer.tokenize(minimal.pan), defaults(newTransactionId));
    expect(transaction.transactionId).toBe('generated-id');
    expect(transaction.timestamp).toBe('2026-11-22T10:16:00.456Z');
    expect(newTransactionId).toHaveBeenCalledTimes(1);
  });

  it('leaves optional fields the client left out absent, not undefined', () => {
    const transaction = toTransaction(minimal, tokenizer.tokenize(minimal.pan), defaults());
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
    expect(Object.keys(transaction.location)).toEqual(['lat', 'lon', 'country']);
  });

  it('makes a Transaction the contract accepts, without the card number', () => {
    for (const input of [exampleIngestTransaction, minimal]) {
      const transaction = toTransaction(input, tokenizer.tokenize(input.pan), defaults());
      expect(parseTransaction(transaction)).toEqual({ ok: true, value: transaction });
      expect(Object.hasOwn(transaction, 'pan')).toBe(false);
      expect(JSON.stringify(transaction).includes(input.pan)).toBe(false);
    }
  });

  it('carries nothing it does not name, even fields smuggled past validation', () => {
    const smuggled = {
      ...exampleIngestTransaction,
      note: 'free text',
      location: { ...exampleIngestTransaction.location, street: 'Rua Augusta' },
    } as IngestTransaction;
    const transaction = toTransaction(smuggled, tokenizer.tokenize(smuggled.pan), defaults());
    expect(Object.hasOwn(transaction, 'note')).toBe(false);
    expect(Object.keys(transaction.location)).toEqual(['lat', 'lon', 'country', 'city']);
  });
});
