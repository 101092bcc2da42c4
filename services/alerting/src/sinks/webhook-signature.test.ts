import { describe, expect, it } from 'vitest';

import { webhookSignature } from './webhook-signature.js';

describe('webhookSignature', () => {
  it('is sha256= and the hex HMAC-SHA256 of the body under the secret (RFC 4231 test case 2)', () => {
    expect(webhookSignature('what do ya want for nothing?', 'Jefe')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});
