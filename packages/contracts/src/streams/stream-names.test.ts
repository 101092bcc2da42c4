import { describe, expect, it } from 'vitest';

import { deadLetterStream, streamName, streamNames } from './stream-names.js';

describe('stream names', () => {
  it('are the contract names when STREAM_PREFIX is empty', () => {
    expect(streamNames()).toMatchObject({
      transactions: 'transactions',
      transactionFeatures: 'transaction-features',
      fraudScores: 'fraud-scores',
      fraudAlerts: 'fraud-alerts',
      transactionLabels: 'transaction-labels',
      fraudConfirmations: 'fraud-confirmations',
    });
  });

  it('name the dead-letter stream of a stream <stream>-dlq', () => {
    expect(deadLetterStream('fraud-scores')).toBe('fraud-scores-dlq');
    expect(streamNames().deadLetter('transactions')).toBe('transactions-dlq');
  });

  it('carry the prefix on every name, dead-letter streams included', () => {
    const names = streamNames('stack-b.');
    expect(names.transactions).toBe('stack-b.transactions');
    expect(names.deadLetter('transaction-features')).toBe('stack-b.transaction-features-dlq');
    expect(names.all).toEqual([
      'stack-b.transactions',
      'stack-b.transactions-dlq',
      'stack-b.transaction-features',
      'stack-b.transaction-features-dlq',
      'stack-b.fraud-scores',
      'stack-b.fraud-scores-dlq',
      'stack-b.fraud-alerts',
      'stack-b.fraud-alerts-dlq',
      'stack-b.transaction-labels',
      'stack-b.transaction-labels-dlq',
      'stack-b.fraud-confirmations',
      'stack-b.fraud-confirmations-dlq',
    ]);
  });

  it('prefix any stream name with streamName', () => {
    expect(streamName('fraud-alerts', 'dev_')).toBe('dev_fraud-alerts');
    expect(streamName('fraud-alerts')).toBe('fraud-alerts');
  });

  it('refuse a prefix that Kafka or Kinesis would refuse', () => {
    expect(() => streamNames('my stack/')).toThrow(
      'invalid stream prefix "my stack/": may hold only letters, digits, dot, underscore and hyphen',
    );
  });
});
