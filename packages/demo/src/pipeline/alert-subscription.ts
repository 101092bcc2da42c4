import { setTimeout as sleep } from 'node:timers/promises';

import { CreateTopicCommand, DeleteTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { localAwsClientConfig, waitUntil } from '@fraud/testing';

/** One message the subscribed queue received: the alert as published, with when it was received. */
export interface ReceivedNotice {
  /** The message body: the alert's JSON exactly as the alerting service published it (raw delivery). */
  body: string;
  /** Message attributes, name to string value (`severity`, `source`, `event`). */
  attributes: Readonly<Record<string, string | undefined>>;
  /** When this process received it, ms since the epoch. */
  receivedAt: number;
}

export interface AlertSubscription {
  readonly topicArn: string;
  /** Starts reading the queue: each message is handed to `onNotice` once, then deleted. */
  receive(onNotice: (notice: ReceivedNotice) => void): void;
  /** Resolves once every message delivered to the queue before the call has been handed over. */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** Stops reading and deletes the topic and queue. */
  close(): Promise<void>;
}

export interface SnsSqsEndpoints {
  snsEndpoint: string;
  sqsEndpoint: string;
  awsRegion: string;
}

/** Long-poll wait: a receive returns as soon as a message is there, or empty after this. */
const WAIT_SECONDS = 1;

/**
 * The alerts' SNS topic with an SQS queue subscribed to it, as a subscriber
 * in AWS would have it: raw message delivery, so a body is exactly what the
 * service published, and its message attributes come along.
 */
export async function subscribeAlertQueue(endpoints: SnsSqsEndpoints, name: string): Promise<AlertSubscription> {
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

  const stopping = new AbortController();
  // A function, so the check inside a catch is not narrowed by the loop's condition.
  const stopped = (): boolean => stopping.signal.aborted;
  let reading: Promise<void> | undefined;
  // Start of the last receive that came back empty: everything in the queue before it was handed over.
  let emptyAt = 0;
  let lastError: Error | undefined;

  const handOver = (messages: readonly Message[], onNotice: (notice: ReceivedNotice) => void): void => {
    const receivedAt = Date.now();
    for (const message of messages) {
      onNotice({
        body: message.Body ?? '',
        attributes: Object.fromEntries(
          Object.entries(message.MessageAttributes ?? {}).map(([key, value]) => [key, value.StringValue]),
        ),
        receivedAt,
      });
    }
  };

  const readQueue = async (onNotice: (notice: ReceivedNotice) => void): Promise<void> => {
    while (!stopping.signal.aborted) {
      const startedAt = Date.now();
      try {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl,
            MaxNumberOfMessages: 10,
            MessageAttributeNames: ['All'],
            WaitTimeSeconds: WAIT_SECONDS,
          }),
          { abortSignal: stopping.signal },
        );
        if (Messages.length === 0) {
          emptyAt = startedAt;
          continue;
        }
        handOver(Messages, onNotice);
        // Deleted at once, so none comes back when its visibility timeout ends.
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl,
            Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
          }),
        );
      } catch (error) {
        if (stopped()) return;
        lastError = error instanceof Error ? error : new Error(String(error));
        await sleep(200);
      }
    }
  };

  return {
    topicArn: TopicArn,
    receive: (onNotice) => {
      if (reading !== undefined) throw new Error('the queue is being read already');
      reading = readQueue(onNotice);
    },
    caughtUp: async (timeoutMs = 30_000) => {
      const from = Date.now();
      await waitUntil(
        () => {
          if (emptyAt >= from) return Promise.resolve(true);
          // The last failure, if any, becomes the reason of a timeout.
          return lastError === undefined ? Promise.resolve(false) : Promise.reject(lastError);
        },
        { description: 'the alert queue to be read to its end', timeoutMs, intervalMs: 50 },
      );
    },
    close: async () => {
      stopping.abort();
      await reading;
      // Best effort: after Ctrl-C the emulator may be gone already, and its state with it.
      await Promise.allSettled([
        sns.send(new DeleteTopicCommand({ TopicArn })),
        sqs.send(new DeleteQueueCommand({ QueueUrl })),
      ]);
      sns.destroy();
      sqs.destroy();
    },
  };
}
