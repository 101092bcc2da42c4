import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RunningInfra } from '../infra-types.js';
import { localAwsClientConfig } from './aws-client-config.js';
import { startLocalMoto, type MotoEndpoints } from './moto.js';

describe('local moto (SNS and SQS)', () => {
  let moto: RunningInfra<MotoEndpoints>;
  let sns: SNSClient;
  let sqs: SQSClient;

  beforeAll(async () => {
    moto = await startLocalMoto();
    sns = new SNSClient(localAwsClientConfig(moto.endpoints.snsEndpoint));
    sqs = new SQSClient(localAwsClientConfig(moto.endpoints.sqsEndpoint));
  });

  afterAll(async () => {
    sns?.destroy();
    sqs?.destroy();
    await moto?.stop();
  });

  async function createQueue(name: string): Promise<{ url: string; arn: string }> {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    return { url: QueueUrl!, arn: Attributes!.QueueArn! };
  }

  async function receiveAll(queueUrl: string) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 5,
      }),
    );
    return Messages ?? [];
  }

  it('delivers a published message to a raw subscriber as-is and to an enveloped subscriber wrapped', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'fraud-alerts' }));
    const raw = await createQueue('alerts-raw');
    const enveloped = await createQueue('alerts-enveloped');
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: raw.arn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: enveloped.arn }));

    const body = JSON.stringify({ alertId: 'alert-1', severity: 'block', score: 0.97 });
    await sns.send(
      new PublishCommand({
        TopicArn,
        Message: body,
        MessageAttributes: { severity: { DataType: 'String', StringValue: 'block' } },
      }),
    );

    const rawMessages = await receiveAll(raw.url);
    expect(rawMessages).toHaveLength(1);
    expect(rawMessages[0]!.Body).toBe(body);
    expect(rawMessages[0]!.MessageAttributes).toEqual({ severity: { DataType: 'String', StringValue: 'block' } });

    const envelopedMessages = await receiveAll(enveloped.url);
    expect(envelopedMessages).toHaveLength(1);
    const envelope = JSON.parse(envelopedMessages[0]!.Body!) as Record<string, unknown>;
    expect(envelope).toMatchObject({
      Type: 'Notification',
      TopicArn,
      Message: body,
      MessageAttributes: { severity: { Type: 'String', Value: 'block' } },
    });
  });
});
