import { describe, expect, it } from 'vitest';

import { maskCardNumbers, redact, REDACTED } from './sensitive-data.js';

describe('maskCardNumbers', () => {
  it('masks a Luhn-valid card number anywhere in text, keeping the last four digits', () => {
    expect(maskCardNumbers('declined 4111111111111111 at POS')).toBe('declined [PAN …1111] at POS');
    expect(maskCardNumbers('pan=5555-5555-5555-4444;')).toBe('pan=[PAN …4444];');
    expect(maskCardNumbers('card 4242 4242 4242 4242')).toBe('card [PAN …4242]');
  });

  it('leaves numbers that are not card numbers alone', () => {
    expect(maskCardNumbers('amountMinor 1234 offset 98765')).toBe('amountMinor 1234 offset 98765');
    expect(maskCardNumbers('order 4111111111111112')).toBe('order 4111111111111112');
    // About one long number in ten passes Luhn by chance and is masked: a safe error.
    expect(maskCardNumbers('epoch 1763812345670')).toBe('epoch 1763812345670');
    // Zero-padded ids, Luhn-valid or not: no card number starts with 0.
    expect(maskCardNumbers('partition shardId-000000000000, then shardId-000000000018')).toBe(
      'partition shardId-000000000000, then shardId-000000000018',
    );
  });
});

describe('redact', () => {
  it('replaces sensitive keys at any depth, whatever their spelling', () => {
    const input = {
      cardToken: 'a1b2',
      request: { body: { transactions: [{ pan: '4111111111111111', CVV: '123', track_2: ';4111=2512?' }] } },
      headers: { 'x-api-key': 'k-1', Authorization: 'Bearer t' },
      settings: { PAN_HMAC_KEY: 'hmac-secret', KAFKA_SASL_PASSWORD: 'pw' },
    };
    expect(redact(input)).toEqual({
      cardToken: 'a1b2',
      request: { body: { transactions: [{ pan: REDACTED, CVV: REDACTED, track_2: REDACTED }] } },
      headers: { 'x-api-key': REDACTED, Authorization: REDACTED },
      settings: { PAN_HMAC_KEY: REDACTED, KAFKA_SASL_PASSWORD: REDACTED },
    });
  });

  it('does not change its input', () => {
    const input = { pan: '4111111111111111' };
    redact(input);
    expect(input.pan).toBe('4111111111111111');
  });

  it('turns errors into plain objects with card numbers masked', () => {
    const error = Object.assign(new Error('bad card 4111111111111111'), { cvv: '999' });
    const copy = redact(error) as Record<string, unknown>;
    expect(copy.type).toBe('Error');
    expect(copy.message).toBe('bad card [PAN …1111]');
    expect(copy.cvv).toBe(REDACTED);
    expect(String(copy.stack)).not.toContain('4111111111111111');
  });

  it('survives cycles and keeps repeated references', () => {
    const shared = { city: 'Lyon' };
    const input: Record<string, unknown> = { a: shared, b: shared };
    input.self = input;
    expect(redact(input)).toEqual({ a: { city: 'Lyon' }, b: { city: 'Lyon' }, self: '[Circular]' });
  });
});
