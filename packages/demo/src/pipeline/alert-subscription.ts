import { setTimeout as sleep } from 'node:timers/promises';

import { createSubscribedQueue, waitUntil, type SnsSqsEndpoints } from '@fraud/testing';

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

export type { SnsSqsEndpoints };

/** Long-poll wait: a receive returns as soon as a message is there, or empty after this. */
const WAIT_SECONDS = 1;

/**
 * The alerts' SNS topic with an SQS queue subscribed to it, as a subscriber
 * in AWS would have it: raw message delivery, so a body is exactly what the
 * service published, and its message attributes come along.
 */
export async function subscribeAlertQueue(endpoints: SnsSqsEndpoints, name: string): Promise<AlertSubscription> {
  const queue = await createSubscribedQueue(endpoints, name);

  const stopping = new AbortController();
  // A function, so the check inside a catch is not narrowed by the loop's condition.
  const stopped = (): boolean => stopping.signal.aborted;
  let reading: Promise<void> | undefined;
  // Start of the last receive that came back empty: everything in the queue before it was handed over.
  let emptyAt = 0;
  let lastError: Error | undefined;

  const readQueue = async (onNotice: (notice: ReceivedNotice) => void): Promise<void> => {
    while (!stopping.signal.aborted) {
      const startedAt = Date.now();
      try {
        const messages = await queue.receive(WAIT_SECONDS, stopping.signal);
        if (messages.length === 0) {
          emptyAt = startedAt;
          continue;
        }
        for (const message of messages) onNotice(message);
      } catch (error) {
        if (stopped()) return;
        lastError = error instanceof Error ? error : new Error(String(error));
        await sleep(200);
      }
    }
  };

  return {
    topicArn: queue.topicArn,
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
      await queue.delete();
    },
  };
}
