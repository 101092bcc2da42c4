import { exampleIngestTransaction, type IngestTransaction } from '@fraud/contracts';
import { describe, expect, it } from 'vitest';

import { duplicateTransactionIds, toIngestProblems } from './ingest-problems.js';

function withId(transactionId: string | undefined): IngestTransaction {
  const { transactionId: _example, ...rest } = exampleIngestTransaction;
  return transactionId === undefined ? rest : { ...rest, transactionId };
}

describe('ingest problems', () => {
  it('names each field by its dotted path and the whole payload `body`', () => {
    expect(
      toIngestProblems([
        { path: '', message: 'payload is not valid JSON' },
        { path: 'transactions.2.pan', message: 'expected a valid card number (Luhn check failed)' },
        { path: 'location.lat', message: 'expected a number, received string' },
      ]),
    ).toEqual([
      { field: 'body', message: 'payload is not valid JSON' },
      { field: 'transactions.2.pan', message: 'expected a valid card number (Luhn check failed)' },
      { field: 'location.lat', message: 'expected a number, received string' },
    ]);
  });

  it('has no problems for no issues', () => {
    expect(toIngestProblems([])).toEqual([]);
  });
});

describe('duplicate transaction ids', () => {
  it('names every repeat of a batch by its position and the position it repeats', () => {
    const batch = ['a', 'b', 'a', undefined, undefined, 'b', 'a', 'c'].map(withId);
    expect(duplicateTransactionIds(batch, true)).toEqual([
      { field: 'transactions.2.transactionId', message: 'repeats transactions.0.transactionId in this request' },
      { field: 'transactions.5.transactionId', message: 'repeats transactions.1.transactionId in this request' },
      { field: 'transactions.6.transactionId', message: 'repeats transactions.0.transactionId in this request' },
    ]);
  });

  it('leaves transactions without an id alone: the producer gives each its own', () => {
    expect(duplicateTransactionIds([withId(undefined), withId(undefined)], true)).toEqual([]);
  });

  it('finds nothing in distinct ids or a single transaction', () => {
    expect(duplicateTransactionIds(['a', 'b', 'c'].map(withId), true)).toEqual([]);
    expect(duplicateTransactionIds([withId('a')], false)).toEqual([]);
  });
});
