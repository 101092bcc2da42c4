import type { PublishCommandInput } from '@aws-sdk/client-sns';

import type { AlertNotice } from './alert-notice.js';

/**
 * The SNS message of a notice: the alert's JSON as the body, and message
 * attributes that subscription filter policies can match (`severity`,
 * `source`, `event`) without parsing the body. On a FIFO topic the card is
 * the message group and `alertId:revision` the deduplication id, so SNS
 * itself drops a republished revision.
 */
export function snsMessage(topicArn: string, notice: AlertNotice): PublishCommandInput {
  const { alert, event } = notice;
  const input: PublishCommandInput = {
    TopicArn: topicArn,
    Subject: `Fraud alert (${alert.severity})`,
    Message: JSON.stringify(alert),
    MessageAttributes: {
      severity: { DataType: 'String', StringValue: alert.severity },
      source: { DataType: 'String', StringValue: alert.source },
      event: { DataType: 'String', StringValue: event },
    },
  };
  if (topicArn.endsWith('.fifo')) {
    input.MessageGroupId = alert.cardToken;
    input.MessageDeduplicationId = `${alert.alertId}:${alert.revision}`;
  }
  return input;
}
