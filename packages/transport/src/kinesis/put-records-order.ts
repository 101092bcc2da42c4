import type { PutRecordsBatch } from './put-records-batches.js';

/**
 * For each planned request, the earlier requests it has to wait for: for each
 * of its partition keys, the previous request holding that key. A request
 * sharing no key with anything before it waits for nothing.
 */
export function requestDependencies(batches: readonly PutRecordsBatch[]): number[][] {
  const lastRequestOfKey = new Map<string, number>();
  return batches.map((batch, request) => {
    const waitsFor = new Set<number>();
    for (const { record } of batch.entries) {
      const previous = lastRequestOfKey.get(record.key);
      if (previous !== undefined) waitsFor.add(previous);
      lastRequestOfKey.set(record.key, request);
    }
    return [...waitsFor].sort((a, b) => a - b);
  });
}

export interface DependencyRunOutcome {
  /** Tasks whose run resolved false, in the order they failed. */
  failed: number[];
  /** Tasks never started because a task failed first, ascending. */
  notStarted: number[];
}

/**
 * Runs tasks 0..n-1, each only once every task it depends on (always an
 * earlier one) succeeded, at most `maxInFlight` at once, lowest ready index
 * first. Once a task fails nothing more is started; resolves when the tasks
 * already running have settled. A task that rejects counts as failed.
 */
export function runInDependencyOrder(
  dependencies: readonly (readonly number[])[],
  maxInFlight: number,
  run: (task: number) => Promise<boolean>,
): Promise<DependencyRunOutcome> {
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
    throw new Error(`maxInFlight must be a positive integer, got ${maxInFlight}`);
  }
  const started = dependencies.map(() => false);
  const succeeded = dependencies.map(() => false);
  const failed: number[] = [];
  let running = 0;
  return new Promise((resolve) => {
    const ready = (task: number): boolean =>
      !(started[task] ?? true) && (dependencies[task] ?? []).every((dependency) => succeeded[dependency] === true);
    const pump = (): void => {
      while (failed.length === 0 && running < maxInFlight) {
        const task = started.findIndex((_, index) => ready(index));
        if (task === -1) break;
        started[task] = true;
        running += 1;
        void run(task)
          .catch(() => false)
          .then((ok) => {
            running -= 1;
            if (ok) succeeded[task] = true;
            else failed.push(task);
            pump();
          });
      }
      if (running === 0) {
        resolve({ failed, notStarted: started.flatMap((wasStarted, task) => (wasStarted ? [] : [task])) });
      }
    };
    pump();
  });
}
