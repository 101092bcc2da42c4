import { CreateTopicCommand, DeleteTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';

import { localAwsClientConfig } from '../local/aws-client-config.js';

export interface SnsSqsEndpoints {
  snsEndpoint: string;
  sqsEndpoint: string;
  awsRegion: string;
}

/** One message the queue received: the body exactly as published (raw delivery) and its attributes. */
export interface QueueMessage {
  body: string;
  /** Message attributes, name to string value. */
  attributes: Record<string, string | undefined>;
  /** When the receive returned it (before its deletion), ms since the epoch. */
  receivedAt: number;
}

export interface SubscribedQueue {
  readonly topicArn: string;
  /**
   * One receive of up to 10 messages, waiting at most `waitSeconds` for the
   * first; those received are deleted at once, so none comes back when its
   * visibility timeout ends. Empty when nothing came within the wait.
   */
  receive(waitSeconds: number, signal?: AbortSignal): Promise<QueueMessage[]>;
  /** Deletes the topic and the queue (best effort: the emulator may be gone already) and closes the clients. */
  delete(): Promise<void>;
}

/**
 * An SNS topic with an SQS queue subscribed to it on the emulator, as a
 * subscriber in AWS would have it: raw message delivery, so a body is
 * exactly what was published, and its message attributes come along.
 */
export async function createSubscribedQueue(endpoints: SnsSqsEndpoints, name: string): Promise<SubscribedQueue> {
  const sns = new SNSClient(localAwsClientConfig(endpoints.snsEndpoint, endpoints.awsRegion));
  const sqs = new SQSClient(localAwsClientConfig(endpoints.sqsEndpoint, endpoints.awsRegion));
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
  return {
    topicArn: TopicArn,
    receive: async (waitSeconds, signal) => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl,
          MaxNumberOfMessages: 10,
          MessageAttributeNames: ['All'],
          WaitTimeSeconds: waitSeconds,
        }),
        { abortSignal: signal },
      );
      const receivedAt = Date.now();
      if (Messages.length === 0) return [];
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl,
          Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
        }),
      );
      return Messages.map((message) => ({
        body: message.Body ?? '',
        attributes: Object.fromEntries(
          Object.entries(message.MessageAttributes ?? {}).map(([key, value]) => [key, value.StringValue]),
        ),
        receivedAt,
      }));
    },
    delete: async () => {
      await Promise.allSettled([
        sns.send(new DeleteTopicCommand({ TopicArn })),
        sqs.send(new DeleteQueueCommand({ QueueUrl })),
      ]);
      sns.destroy();
      sqs.destroy();
    },
  };
}
