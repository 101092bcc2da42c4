import { describe, expect, it } from 'vitest';

import { applyScore } from '../policy/alert-policy.js';
import { scoreOf, THRESHOLDS } from '../test-support/scores.js';
import { snsMessage } from './sns-message.js';

const change = applyScore(scoreOf({ card: 'a', id: 't1', decision: 'block' }), undefined, new Date(0), THRESHOLDS);
if (change.kind === 'none') throw new Error('expected an alert');
const { alert } = change;

describe('snsMessage', () => {
  it('carries the alert’s JSON and the severity, source and event attributes subscribers filter on', () => {
    const arn = 'arn:aws:sns:eu-west-1:123456789012:fraud-alerts';
    expect(snsMessage(arn, { event: 'opened', alert })).toEqual({
      TopicArn: arn,
      Subject: 'Fraud alert (block)',
      Message: JSON.stringify(alert),
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'block' },
        source: { DataType: 'String', StringValue: 'model' },
        event: { DataType: 'String', StringValue: 'opened' },
      },
    });
  });

  it('on a FIFO topic groups by card and deduplicates by alert revision', () => {
    const message = snsMessage('arn:aws:sns:eu-west-1:123456789012:fraud-alerts.fifo', { event: 'escalated', alert });
    expect([message.MessageGroupId, message.MessageDeduplicationId]).toEqual([alert.cardToken, `${alert.alertId}:1`]);
  });

  it('holds no card number: only the token, BIN and last four', () => {
    const body = JSON.parse(
      snsMessage('arn:aws:sns:eu-west-1:123456789012:t', { event: 'opened', alert }).Message!,
    ) as object;
    expect(
      Object.keys(body)
        .filter((k) => k.startsWith('card'))
        .sort(),
    ).toEqual(['cardBin', 'cardLast4', 'cardToken']);
    expect(JSON.stringify(body)).not.toMatch(/\d{12,19}/);
  });
});
