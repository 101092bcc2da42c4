import { createRequire } from 'node:module';

/** The part of kafkajs' internal RequestQueue (2.2.x) the patch reads. */
interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  scheduleCheckPendingRequests: (this: RequestQueueInternals) => void;
}

const require = createRequire(import.meta.url);
let applied = false;

/**
 * kafkajs 2.2.4 (the last release; kafkajs/kafkajs#1751, unfixed upstream)
 * re-arms a timer after every check of a connection's request queue, even
 * when nothing is pending and nothing is throttled: its delay is then
 * `-1 - Date.now()`, which Node runs after 1 ms. So every broker connection
 * wakes the process 1,000 times a second for nothing (measured: an idle
 * producer used 2.3-2.6% of a core, 0.1% with this patch), and Node 24 logs a
 * TimeoutNegativeWarning for it. With nothing pending and no throttle in
 * force there is nothing to check: a later request schedules its own check
 * when it is queued (`push`), and a throttle when it is set.
 */
export function patchKafkaRequestQueueIdleTimer(): void {
  if (applied) return;
  applied = true;
  const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as {
    prototype: RequestQueueInternals;
  };
  const schedule = RequestQueue.prototype.scheduleCheckPendingRequests;
  RequestQueue.prototype.scheduleCheckPendingRequests = function (this: RequestQueueInternals): void {
    const idle = this.pending.length === 0 && this.throttledUntil <= Date.now();
    if (idle && this.throttleCheckTimeoutId === null) return;
    schedule.call(this);
  };
}
