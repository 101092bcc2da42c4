import { describe, expect, it } from 'vitest';

import { FraudConfirmationContract } from '../contracts.js';
import { exampleFraudConfirmation } from '../examples.js';

describe('FraudConfirmation contract', () => {
  it('accepts a confirmation after its transaction, and one at the same instant', () => {
    expect(FraudConfirmationContract.parse(exampleFraudConfirmation)).toEqual({
      ok: true,
      value: exampleFraudConfirmation,
    });
    const immediate = { ...exampleFraudConfirmation, confirmedAt: exampleFraudConfirmation.timestamp };
    expect(FraudConfirmationContract.parse(immediate)).toEqual({ ok: true, value: immediate });
  });

  it('refuses a confirmation before its transaction, naming confirmedAt', () => {
    const result = FraudConfirmationContract.parse({
      ...exampleFraudConfirmation,
      confirmedAt: '2026-11-22T10:15:30.122Z',
    });
    expect(result.ok ? undefined : result.error.message).toBe(
      'invalid FraudConfirmation: confirmedAt: expected at or after timestamp',
    );
  });

  it('names a missing field as required', () => {
    const { merchantId: _missing, ...withoutMerchant } = exampleFraudConfirmation;
    const result = FraudConfirmationContract.parse(withoutMerchant);
    expect(result.ok ? undefined : result.error.issues).toEqual([{ path: 'merchantId', message: 'required' }]);
  });

  it('refuses a confirmedAt that is not an ISO 8601 UTC timestamp with milliseconds', () => {
    const result = FraudConfirmationContract.parse({ ...exampleFraudConfirmation, confirmedAt: '2026-11-24' });
    expect(result.ok ? undefined : result.error.issues.map((issue) => issue.path)).toEqual(['confirmedAt']);
  });
});
