import { describe, expect, it } from 'vitest';

import { CONTRACTS } from '../contracts.js';
import { EXAMPLES } from '../examples.js';
import { encodeEvent } from '../parse/decode-json.js';
import { contractForStream } from './stream-contracts.js';

describe('contractForStream', () => {
  it.each([
    ['transactions', 'Transaction'],
    ['transaction-features', 'TransactionFeatures'],
    ['fraud-scores', 'FraudScore'],
    ['fraud-alerts', 'FraudAlert'],
    ['transaction-labels', 'Label'],
    ['fraud-confirmations', 'FraudConfirmation'],
    ['transactions-dlq', 'DeadLetter'],
    ['fraud-scores-dlq', 'DeadLetter'],
    ['transaction-features-dlq', 'DeadLetter'],
    ['fraud-confirmations-dlq', 'DeadLetter'],
  ] as const)('maps %s to the %s contract', (stream, name) => {
    expect(contractForStream(stream)).toBe(CONTRACTS[name]);
  });

  it("decodes a record of the stream with that stream's contract", () => {
    expect(contractForStream('fraud-scores').decode(encodeEvent(EXAMPLES.FraudScore))).toEqual({
      ok: true,
      value: EXAMPLES.FraudScore,
    });
    expect(contractForStream('transactions').decode(encodeEvent(EXAMPLES.FraudScore)).ok).toBe(false);
  });

  it.each(['dev.transactions', 'payments', '-dlq', ''])('refuses %j, naming the streams it knows', (stream) => {
    expect(() => contractForStream(stream)).toThrow(
      `no contract for stream "${stream}": expected one of transactions, transaction-features, fraud-scores, ` +
        'fraud-alerts, transaction-labels, fraud-confirmations or <stream>-dlq, without STREAM_PREFIX',
    );
  });
});
