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
 * The fix of packages/transport/src/kafka/request-queue-idle-patch.ts for the
 * kafkajs clients of this package (the broker's readiness check, the stream
 * readers), which cannot depend on @fraud/transport: kafkajs 2.2.4 re-arms an
 * idle connection's queue check with a negative delay, which wakes the
 * process every millisecond and makes Node print a TimeoutNegativeWarning in
 * the middle of the test run's output.
 */
export function patchKafkajsIdleTimer(): void {
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
