import { isLuhnValid } from '@fraud/contracts';
import { describe, expect, it } from 'vitest';

import { luhnCheckDigit } from './luhn-check-digit.js';
import { TEST_PAN_RANGES, testPan } from './test-pan.js';

describe('luhnCheckDigit', () => {
  it('completes the published test cards', () => {
    expect(luhnCheckDigit('411111111111111')).toBe('1');
    expect(luhnCheckDigit('555555555555444')).toBe('4');
    expect(luhnCheckDigit('424242424242424')).toBe('2');
  });
});

describe('testPan', () => {
  it('builds 16-digit, Luhn-valid numbers alternating the Visa and Mastercard test BINs', () => {
    expect([0, 1, 2, 3].map((index) => testPan(7, index).slice(0, 6))).toEqual([
      '411111',
      '555555',
      '411111',
      '555555',
    ]);
    expect(testPan(7, 3)).toBe(testPan(7, 3));
    expect(testPan(8, 3)).not.toBe(testPan(7, 3));
    for (let index = 0; index < 1000; index++) {
      const pan = testPan(12345, index);
      expect(pan).toHaveLength(16);
      expect(isLuhnValid(pan)).toBe(true);
      expect(TEST_PAN_RANGES.some((bin) => pan.startsWith(bin))).toBe(true);
    }
  });

  it('gives distinct cards distinct numbers', () => {
    const pans = new Set(Array.from({ length: 5000 }, (_, index) => testPan(99, index)));
    expect(pans.size).toBe(5000);
  });

  it('refuses an index outside the account space', () => {
    expect(() => testPan(0, -1)).toThrow(RangeError);
    expect(() => testPan(0, 1e9)).toThrow(RangeError);
  });
});
