import type { Label, Transaction } from '@fraud/contracts';
import { describe, expect, it } from 'vitest';

import { LABEL_COLUMNS, TRANSACTION_COLUMNS, csvHeader, csvValues } from './dataset-columns.js';

const transaction: Transaction = {
  schemaVersion: 1,
  transactionId: 'sim-1-0',
  cardToken: 'ab'.repeat(32),
  cardBin: '411111',
  cardLast4: '1832',
  merchantId: 'merchant-00184',
  merchantCategoryCode: '4121',
  amountMinor: 5016,
  currency: 'GBP',
  timestamp: '2026-01-01T00:07:42.095Z',
  location: { lat: 55.9614, lon: -3.167, country: 'GB', city: 'Edinburgh' },
  channel: 'card_present',
};

describe('dataset columns', () => {
  it('name the contract fields with the location flattened', () => {
    expect(csvHeader(TRANSACTION_COLUMNS)).toEqual([
      'schemaVersion',
      'transactionId',
      'cardToken',
      'cardBin',
      'cardLast4',
      'merchantId',
      'merchantCategoryCode',
      'amountMinor',
      'currency',
      'timestamp',
      'location_lat',
      'location_lon',
      'location_country',
      'location_city',
      'channel',
    ]);
    expect(csvHeader(LABEL_COLUMNS)).toEqual(['schemaVersion', 'transactionId', 'cardToken', 'isFraud', 'scenario']);
  });

  it('take every value of a transaction in header order', () => {
    expect(csvValues(TRANSACTION_COLUMNS, transaction)).toEqual([
      1,
      'sim-1-0',
      'ab'.repeat(32),
      '411111',
      '1832',
      'merchant-00184',
      '4121',
      5016,
      'GBP',
      '2026-01-01T00:07:42.095Z',
      55.9614,
      -3.167,
      'GB',
      'Edinburgh',
      'card_present',
    ]);
  });

  it('leave absent optional fields empty', () => {
    const bare: Transaction = {
      schemaVersion: 1,
      transactionId: 'ingest-7',
      cardToken: 'ef'.repeat(32),
      merchantId: 'shop, "north"',
      amountMinor: 1,
      currency: 'EUR',
      timestamp: '2026-01-02T00:00:00.000Z',
      location: { lat: 1, lon: 2, country: 'FR' },
      channel: 'card_not_present',
    };
    expect(csvValues(TRANSACTION_COLUMNS, bare)).toEqual([
      1,
      'ingest-7',
      'ef'.repeat(32),
      undefined,
      undefined,
      'shop, "north"',
      undefined,
      1,
      'EUR',
      '2026-01-02T00:00:00.000Z',
      1,
      2,
      'FR',
      undefined,
      'card_not_present',
    ]);
  });

  it('take every value of a label', () => {
    const label: Label = {
      schemaVersion: 1,
      transactionId: 'sim-1-9',
      cardToken: 'cd'.repeat(32),
      isFraud: true,
      scenario: 'card_testing',
    };
    expect(csvValues(LABEL_COLUMNS, label)).toEqual([1, 'sim-1-9', 'cd'.repeat(32), true, 'card_testing']);
  });
});
