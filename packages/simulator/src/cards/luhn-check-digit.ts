/** The digit that, appended to `payload`, makes the whole number pass the Luhn test. */
export function luhnCheckDigit(payload: string): string {
  if (!/^\d+$/.test(payload)) throw new RangeError('expected digits only');
  let sum = 0;
  // Walking from the right, the first payload digit is the one doubled once the check digit is appended.
  let double = true;
  for (let i = payload.length - 1; i >= 0; i--) {
    let digit = payload.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return String((10 - (sum % 10)) % 10);
}
