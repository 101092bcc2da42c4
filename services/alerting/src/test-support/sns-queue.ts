import { randomBytes } from 'node:crypto';

import type { FraudAlert } from '@fraud/contracts';
import { createSubscribedQueue, type SnsSqsEndpoints } from '@fraud/testing';

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
export async function alertTopic(endpoints: SnsSqsEndpoints): Promise<AlertTopic> {
  const queue = await createSubscribedQueue(endpoints, `alerts-${randomBytes(4).toString('hex')}`);
  const received: ReceivedAlert[] = [];
  return {
    topicArn: queue.topicArn,
    received,
    drain: async (waitSeconds = 1) => {
      for (;;) {
        const messages = await queue.receive(waitSeconds);
        if (messages.length === 0) return received;
        for (const { body, attributes } of messages) {
          received.push({ alert: JSON.parse(body) as ReceivedAlert['alert'], attributes });
        }
      }
    },
    close: () => queue.delete(),
  };
}
