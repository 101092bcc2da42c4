import { describe, expect, it } from 'vitest';

import { putRecordsBatches } from './put-records-batches.js';
import { requestDependencies, runInDependencyOrder } from './put-records-order.js';

const limits = { maxRecords: 2, maxRequestBytes: 1024, maxRecordBytes: 1024 };

function plan(...keys: string[]) {
  return putRecordsBatches(
    keys.map((key) => ({ key, value: Buffer.from('x') })),
    limits,
  );
}

/** Tasks that finish when the test says so; records the order they started in. */
class ManualTasks {
  readonly started: number[] = [];
  private readonly finishers = new Map<number, (ok: boolean) => void>();

  readonly run = (task: number): Promise<boolean> => {
    this.started.push(task);
    return new Promise((resolve) => this.finishers.set(task, resolve));
  };

  async finish(task: number, ok = true): Promise<void> {
    const finisher = this.finishers.get(task);
    if (finisher === undefined) throw new Error(`task ${task} is not running`);
    this.finishers.delete(task);
    finisher(ok);
    await new Promise((resolve) => setImmediate(resolve));
  }

  get running(): number[] {
    return [...this.finishers.keys()].sort((a, b) => a - b);
  }
}

describe('requestDependencies', () => {
  it('makes a request wait for the previous request of each of its keys, and nothing else', () => {
    // [a1 b1] [c1 d1] [a2 c2] [a3]
    const batches = plan('a', 'b', 'c', 'd', 'a', 'c', 'a');
    expect(batches.map((batch) => batch.entries.map(({ record }) => record.key))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['a', 'c'],
      ['a'],
    ]);
    expect(requestDependencies(batches)).toEqual([[], [], [0, 1], [2]]);
  });
});

describe('runInDependencyOrder', () => {
  it('runs independent tasks together, up to the limit, lowest index first', async () => {
    const tasks = new ManualTasks();
    const outcome = runInDependencyOrder([[], [], [], []], 2, tasks.run);
    expect(tasks.running).toEqual([0, 1]);
    await tasks.finish(1);
    expect(tasks.running).toEqual([0, 2]);
    await tasks.finish(0);
    await tasks.finish(2);
    await tasks.finish(3);
    expect(await outcome).toEqual({ failed: [], notStarted: [] });
    expect(tasks.started).toEqual([0, 1, 2, 3]);
  });

  it('starts a task only once all it depends on succeeded, letting a later independent one go first', async () => {
    const tasks = new ManualTasks();
    const outcome = runInDependencyOrder([[], [0], []], 3, tasks.run);
    expect(tasks.running).toEqual([0, 2]);
    await tasks.finish(2);
    expect(tasks.running).toEqual([0]);
    await tasks.finish(0);
    expect(tasks.running).toEqual([1]);
    await tasks.finish(1);
    expect(await outcome).toEqual({ failed: [], notStarted: [] });
  });

  it('starts nothing after a failure, and resolves once the running tasks settled', async () => {
    const tasks = new ManualTasks();
    const outcome = runInDependencyOrder([[], [], [0], []], 2, tasks.run);
    await tasks.finish(0, false);
    // Task 1 was already running: it may still land; 2 and 3 never go out.
    expect(tasks.running).toEqual([1]);
    await tasks.finish(1);
    expect(await outcome).toEqual({ failed: [0], notStarted: [2, 3] });
  });

  it('counts a task that rejects as failed', async () => {
    const outcome = await runInDependencyOrder([[], [0]], 1, (task) =>
      task === 0 ? Promise.reject(new Error('boom')) : Promise.resolve(true),
    );
    expect(outcome).toEqual({ failed: [0], notStarted: [1] });
  });

  it('resolves at once for no tasks, and refuses a limit below one', async () => {
    expect(await runInDependencyOrder([], 4, () => Promise.resolve(true))).toEqual({ failed: [], notStarted: [] });
    expect(() => runInDependencyOrder([[]], 0, () => Promise.resolve(true))).toThrow(
      'maxInFlight must be a positive integer, got 0',
    );
  });
});
