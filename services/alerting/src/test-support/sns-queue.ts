import { randomBytes } from 'node:crypto';

import { CreateTopicCommand, DeleteTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { FraudAlert } from '@fraud/contracts';
import { localAwsClientConfig } from '@fraud/testing';

/** One message as an SQS subscriber of the topic received it. */
export interface ReceivedAlert {
  alert: FraudAlert & { revision: number };
  /** The message attributes, name to string value. */
  attributes: Record<string, string | undefined>;
}

export interface AlertTopic {
  readonly topicArn: string;
  /** Every message received so far; each is deleted from the queue once read, so none comes twice by visibility timeout. */
  readonly received: readonly ReceivedAlert[];
  /** Reads the queue until it is empty (a receive that waits `waitSeconds` returns nothing). */
  drain(waitSeconds?: number): Promise<readonly ReceivedAlert[]>;
  close(): Promise<void>;
}

/**
 * A fresh SNS topic with an SQS queue subscribed to it (raw delivery, so a
 * message body is exactly what the service published), on the emulator.
 */
export async function alertTopic(endpoints: {
  snsEndpoint: string;
  sqsEndpoint: string;
  awsRegion: string;
}): Promise<AlertTopic> {
  const sns = new SNSClient(localAwsClientConfig(endpoints.snsEndpoint, endpoints.awsRegion));
  const sqs = new SQSClient(localAwsClientConfig(endpoints.sqsEndpoint, endpoints.awsRegion));
  const name = `alerts-${randomBytes(4).toString('hex')}`;
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  if (TopicArn === undefined || QueueUrl === undefined) throw new Error('the emulator returned no topic or queue');
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  await sns.send(
    new SubscribeCommand({
      TopicArn,
      Protocol: 'sqs',
      Endpoint: Attributes?.QueueArn,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
  const received: ReceivedAlert[] = [];
  return {
    topicArn: TopicArn,
    received,
    drain: async (waitSeconds = 1) => {
      for (;;) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl,
            MaxNumberOfMessages: 10,
            MessageAttributeNames: ['All'],
            WaitTimeSeconds: waitSeconds,
          }),
        );
        if (Messages.length === 0) return received;
        for (const message of Messages) {
          received.push({
            alert: JSON.parse(message.Body ?? '') as ReceivedAlert['alert'],
            attributes: Object.fromEntries(
              Object.entries(message.MessageAttributes ?? {}).map(([key, value]) => [key, value.StringValue]),
            ),
          });
        }
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl,
            Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
          }),
        );
      }
    },
    close: async () => {
      await sns.send(new DeleteTopicCommand({ TopicArn }));
      await sqs.send(new DeleteQueueCommand({ QueueUrl }));
      sns.destroy();
      sqs.destroy();
    },
  };
}
