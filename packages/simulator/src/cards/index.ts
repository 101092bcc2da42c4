export { luhnCheckDigit } from './luhn-check-digit.js';
export { TEST_PAN_RANGES, testPan } from './test-pan.js';
