import { createHmac } from 'node:crypto';

import { parseTransaction, exampleTransaction } from '@fraud/contracts';
import { describe, expect, it } from 'vitest';

import { CardTokenizer } from './card-tokenizer.js';

const KEY = 'k'.repeat(32);

describe('card tokenizer', () => {
  it('is HMAC-SHA256 of the PAN under the key, with BIN and last four', () => {
    expect(new CardTokenizer(KEY).tokenize('4111111111111111')).toEqual({
      cardToken: createHmac('sha256', KEY).update('4111111111111111').digest('hex'),
      cardBin: '411111',
      cardLast4: '1111',
    });
  });

  it('gives one card the same token every time and another key another token', () => {
    const pan = '5555555555554444';
    expect(new CardTokenizer(KEY).tokenize(pan).cardToken).toBe(new CardTokenizer(KEY).tokenize(pan).cardToken);
    expect(new CardTokenizer('z'.repeat(32)).tokenize(pan).cardToken).not.toBe(
      new CardTokenizer(KEY).tokenize(pan).cardToken,
    );
  });

  it('makes card fields a Transaction accepts', () => {
    const card = new CardTokenizer(KEY).tokenize('4000056655665556');
    expect(parseTransaction({ ...exampleTransaction, ...card }).ok).toBe(true);
  });
});
