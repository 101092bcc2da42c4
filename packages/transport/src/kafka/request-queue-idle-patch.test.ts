import { createRequire } from 'node:module';

import { afterEach, describe, expect, it } from 'vitest';

import { patchKafkaRequestQueueIdleTimer } from './request-queue-idle-patch.js';

const require = createRequire(import.meta.url);
const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as new (options: object) => {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  scheduleCheckPendingRequests(): void;
};

function queue() {
  const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  return new RequestQueue({
    maxInFlightRequests: null,
    requestTimeout: 30_000,
    clientId: 'test',
    broker: 'b:1',
    logger,
  });
}

describe("kafkajs' request queue, patched", () => {
  const queues: ReturnType<typeof queue>[] = [];
  afterEach(() => {
    for (const q of queues.splice(0)) if (q.throttleCheckTimeoutId) clearTimeout(q.throttleCheckTimeoutId);
  });
  patchKafkaRequestQueueIdleTimer();

  it('arms no timer when nothing is pending and nothing is throttled', () => {
    const idle = queue();
    queues.push(idle);
    idle.scheduleCheckPendingRequests();
    expect(idle.throttleCheckTimeoutId).toBeNull();
  });

  it('still checks pending requests, and waits out a throttle', () => {
    const pending = queue();
    pending.pending.push({});
    const throttled = queue();
    throttled.throttledUntil = Date.now() + 5_000;
    queues.push(pending, throttled);

    pending.scheduleCheckPendingRequests();
    throttled.scheduleCheckPendingRequests();

    expect(pending.throttleCheckTimeoutId).not.toBeNull();
    expect(throttled.throttleCheckTimeoutId).not.toBeNull();
  });
});
