import { randomBytes } from 'node:crypto';

import {
  CreateTopicCommand,
  DeleteTopicCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';

import { localAwsClientConfig } from '../local/aws-client-config.js';
import { listeningAddresses } from '../local/listening-addresses.js';
import { localListenerPort } from './local-listener.js';

// Unique per run, so re-runs against a long-lived stack never read an earlier run's messages.
const runId = randomBytes(4).toString('hex');

describe('SNS and SQS through the harness', () => {
  const { snsEndpoint, sqsEndpoint, awsRegion } = inject('infra');
  const snsPort = localListenerPort(snsEndpoint, inject('infraMode'));
  const sqsPort = localListenerPort(sqsEndpoint, inject('infraMode'));
  let sns: SNSClient;
  let sqs: SQSClient;
  const topicArns: string[] = [];
  const queueUrls: string[] = [];

  beforeAll(() => {
    sns = new SNSClient(localAwsClientConfig(snsEndpoint, awsRegion));
    sqs = new SQSClient(localAwsClientConfig(sqsEndpoint, awsRegion));
  });

  afterAll(async () => {
    await Promise.all([
      ...topicArns.map((TopicArn) => sns.send(new DeleteTopicCommand({ TopicArn }))),
      ...queueUrls.map((QueueUrl) => sqs.send(new DeleteQueueCommand({ QueueUrl }))),
    ]);
    sns.destroy();
    sqs.destroy();
  });

  async function createTopic(name: string): Promise<string> {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
    topicArns.push(TopicArn!);
    return TopicArn!;
  }

  async function createQueue(name: string): Promise<{ url: string; arn: string }> {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    queueUrls.push(QueueUrl!);
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
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
    const TopicArn = await createTopic(`fraud-alerts-${runId}`);
    const raw = await createQueue(`alerts-raw-${runId}`);
    const enveloped = await createQueue(`alerts-enveloped-${runId}`);
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: raw.arn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: enveloped.arn }));

    const body = JSON.stringify({ alertId: `alert-${runId}`, severity: 'block', score: 0.97 });
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

  it.runIf(snsPort !== undefined && sqsPort !== undefined)(
    'listens on 127.0.0.1 only, for SNS and SQS (local processes; in Docker docker-proxy owns the ports)',
    async () => {
      expect(await listeningAddresses(snsPort!)).toEqual(['127.0.0.1']);
      expect(await listeningAddresses(sqsPort!)).toEqual(['127.0.0.1']);
    },
  );
});
