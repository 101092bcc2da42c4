/**
 * Lets a log line through at most once per interval and counts the ones it
 * held back. While a dependency is down every in-flight record fails on every
 * retry; one warning every few seconds says so without flooding the logs.
 */
export function createLogThrottle(
  intervalMs: number,
  now: () => number = Date.now,
): (log: (suppressed: number) => void) => void {
  let lastAt = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return (log) => {
    const at = now();
    if (at - lastAt < intervalMs) {
      suppressed += 1;
      return;
    }
    lastAt = at;
    const held = suppressed;
    suppressed = 0;
    log(held);
  };
}
