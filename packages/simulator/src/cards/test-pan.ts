import { deriveSeed } from '../random/derive-seed.js';
import { luhnCheckDigit } from './luhn-check-digit.js';

/**
 * BINs of the networks' published test cards (Visa 4111 11…, Mastercard
 * 5555 55…). Simulated cards stay inside them so no simulated number can be a
 * real customer's card.
 */
export const TEST_PAN_RANGES = ['411111', '555555'] as const;

const ACCOUNT_DIGITS = 9;
const ACCOUNT_SPACE = 1_000_000_000n;
// Coprime with 10⁹ (a power of 3), so index → account is a bijection on [0, 10⁹).
const SCRAMBLE = 387_420_489n;

/**
 * The 16-digit test PAN of card `index` in the world of `seed`: BIN, nine
 * account digits, Luhn check digit. Distinct for distinct indexes below 10⁹;
 * the seed scatters the account numbers so worlds of nearby seeds do not share cards.
 */
export function testPan(seed: number, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= Number(ACCOUNT_SPACE)) {
    throw new RangeError(`card index must be an integer in [0, ${ACCOUNT_SPACE})`);
  }
  const bin = TEST_PAN_RANGES[index % TEST_PAN_RANGES.length] ?? TEST_PAN_RANGES[0];
  const offset = BigInt(deriveSeed(seed, 'cards'));
  const account = ((BigInt(index) * SCRAMBLE + offset) % ACCOUNT_SPACE).toString().padStart(ACCOUNT_DIGITS, '0');
  const payload = bin + account;
  return payload + luhnCheckDigit(payload);
}
