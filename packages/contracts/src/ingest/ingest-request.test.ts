import { describe, expect, it } from 'vitest';

import { parseIngestRequest, parseIngestTransaction } from '../contracts.js';
import { exampleIngestRequest, exampleIngestTransaction } from '../examples.js';
import { MAX_INGEST_BATCH_SIZE } from './ingest-request.js';
import { isLuhnValid } from './luhn.js';

const SECURITY_CODE = 'card security codes (CVV, CVC, CID) must never be sent';
const TRACK_DATA = 'magnetic-stripe track data must never be sent';

function issuesOf(result: ReturnType<typeof parseIngestRequest>) {
  return result.ok ? [] : result.error.issues;
}

/** A Luhn-valid card number of `length` digits, for the length limits. */
function cardNumberOfLength(length: number): string {
  const body = '4'.padEnd(length - 1, '0');
  for (let digit = 0; digit <= 9; digit++) {
    if (isLuhnValid(`${body}${digit}`)) return `${body}${digit}`;
  }
  throw new Error('unreachable: one check digit always fits');
}

describe('ingest request', () => {
  it('accepts one transaction', () => {
    expect(parseIngestRequest(exampleIngestTransaction)).toEqual({ ok: true, value: exampleIngestTransaction });
  });

  it('accepts a batch', () => {
    expect(parseIngestRequest(exampleIngestRequest)).toEqual({ ok: true, value: exampleIngestRequest });
  });

  it.each([
    ['cvv', SECURITY_CODE],
    ['cvc', SECURITY_CODE],
    ['cvv2', SECURITY_CODE],
    ['cid', SECURITY_CODE],
    ['securityCode', SECURITY_CODE],
    ['CVV', SECURITY_CODE],
    ['card_cvv', SECURITY_CODE],
    ['security-code', SECURITY_CODE],
    ['track1', TRACK_DATA],
    ['track2', TRACK_DATA],
    ['trackData', TRACK_DATA],
    ['Track2', TRACK_DATA],
    ['pinBlock', 'PINs must never be sent'],
  ])('refuses a transaction carrying %s, naming that field', (field, message) => {
    const result = parseIngestRequest({ ...exampleIngestTransaction, [field]: '123' });
    expect(result.ok ? undefined : result.error.issues).toEqual([{ path: field, message }]);
  });

  it('refuses card data anywhere: in the location, inside an unknown field and beside the batch', () => {
    const result = parseIngestRequest({
      cvv: '123',
      transactions: [
        exampleIngestTransaction,
        { ...exampleIngestTransaction, location: { ...exampleIngestTransaction.location, track2: ';4111=' } },
        { ...exampleIngestTransaction, card: { securityCode: '123' } },
      ],
    });
    expect(issuesOf(result)).toEqual([
      { path: 'transactions.1.location.track2', message: TRACK_DATA },
      { path: 'transactions.2.card', message: 'unknown field' },
      { path: 'transactions.2.card.securityCode', message: SECURITY_CODE },
      { path: 'cvv', message: SECURITY_CODE },
    ]);
  });

  it('names an unknown field rather than dropping it, at any depth', () => {
    const { merchantCategoryCode, ...rest } = exampleIngestTransaction;
    const result = parseIngestRequest({
      ...rest,
      // The client misspelt the field: it must be named, not dropped.
      merchantCategoryCod: merchantCategoryCode,
      location: { ...exampleIngestTransaction.location, ctiy: 'Lisbon' },
    });
    expect(result.ok ? undefined : result.error.message).toBe(
      'invalid IngestRequest: location.ctiy: unknown field; merchantCategoryCod: unknown field',
    );
  });

  it('names an unknown field beside the batch list', () => {
    const result = parseIngestRequest({ ...exampleIngestRequest, priority: 'high' });
    expect(issuesOf(result)).toEqual([{ path: 'priority', message: 'unknown field' }]);
  });

  it('names the field of the batch item that is wrong', () => {
    const transactions = [
      exampleIngestTransaction,
      exampleIngestTransaction,
      { ...exampleIngestTransaction, pan: '4111111111111112' },
    ];
    const result = parseIngestRequest({ transactions });
    expect(result.ok ? undefined : result.error.message).toBe(
      'invalid IngestRequest: transactions.2.pan: expected a valid card number (Luhn check failed)',
    );
  });

  it('reads a body without a transactions list as one transaction', () => {
    const result = parseIngestRequest({});
    expect(issuesOf(result).map((issue) => issue.path)).toEqual([
      'pan',
      'merchantId',
      'amountMinor',
      'currency',
      'location',
      'channel',
    ]);
  });

  it.each([
    [0, 'expected at least 1 transaction'],
    [MAX_INGEST_BATCH_SIZE + 1, `expected at most ${MAX_INGEST_BATCH_SIZE} transactions`],
  ])('refuses a batch of %i transactions', (count, message) => {
    const result = parseIngestRequest({ transactions: Array.from({ length: count }, () => exampleIngestTransaction) });
    expect(issuesOf(result)).toEqual([{ path: 'transactions', message }]);
  });

  it(`accepts a batch of exactly ${MAX_INGEST_BATCH_SIZE} transactions`, () => {
    const result = parseIngestRequest({
      transactions: Array.from({ length: MAX_INGEST_BATCH_SIZE }, () => exampleIngestTransaction),
    });
    expect(result.ok).toBe(true);
  });
});

describe('ingest transaction pan', () => {
  it.each([
    ['12 digits', cardNumberOfLength(12)],
    ['19 digits', cardNumberOfLength(19)],
    ['a Mastercard test number', '5555555555554444'],
  ])('accepts %s', (_case, pan) => {
    expect(parseIngestTransaction({ ...exampleIngestTransaction, pan }).ok).toBe(true);
  });

  it.each([
    ['11 digits', cardNumberOfLength(11), 'expected a card number of 12 to 19 digits'],
    ['20 digits', cardNumberOfLength(20), 'expected a card number of 12 to 19 digits'],
    ['spaces', '4111 1111 1111 1111', 'expected a card number of 12 to 19 digits'],
    ['a wrong check digit', '4111111111111112', 'expected a valid card number (Luhn check failed)'],
  ])('refuses %s, without quoting the number', (_case, pan, message) => {
    const result = parseIngestTransaction({ ...exampleIngestTransaction, pan });
    expect(result.ok ? undefined : result.error.issues).toEqual([{ path: 'pan', message }]);
    expect(result.ok ? undefined : result.error.message).not.toContain(pan);
  });

  it('refuses a number where the card number string belongs', () => {
    const result = parseIngestTransaction({ ...exampleIngestTransaction, pan: 4111111111111111 });
    expect(result.ok ? undefined : result.error.issues).toEqual([
      { path: 'pan', message: 'expected string, received number' },
    ]);
  });
});
