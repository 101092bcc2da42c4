import { describe, expect, it } from 'vitest';

import { isLuhnValid } from './luhn.js';

describe('isLuhnValid', () => {
  it.each(['4111111111111111', '4242424242424242', '5555555555554444', '378282246310005', '79927398713'])(
    'accepts %s',
    (digits) => {
      expect(isLuhnValid(digits)).toBe(true);
    },
  );

  it.each(['4111111111111112', '79927398710', '', '41111111111a1111'])('refuses "%s"', (digits) => {
    expect(isLuhnValid(digits)).toBe(false);
  });
});
