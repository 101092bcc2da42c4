import { afterEach, describe, expect, it, vi } from 'vitest';

import { MicroBatcher } from './micro-batcher.js';

/** A batcher whose calls double each item, recording every call's items. */
function doubling(maxRows: number, maxWaitMs: number) {
  const calls: number[][] = [];
  const batcher = new MicroBatcher<number, number>({
    maxRows,
    maxWaitMs,
    run: (items) => {
      calls.push([...items]);
      return Promise.resolve(items.map((item) => item * 2));
    },
  });
  return { batcher, calls };
}

describe('MicroBatcher', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the items of concurrent callers in one call after the wait, each caller getting its own results', async () => {
    vi.useFakeTimers();
    const { batcher, calls } = doubling(100, 5);

    const first = batcher.submit([1, 2]);
    const second = batcher.submit([3]);
    await vi.advanceTimersByTimeAsync(4);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);

    expect(calls).toEqual([[1, 2, 3]]);
    expect(await first).toEqual([2, 4]);
    expect(await second).toEqual([6]);
  });

  it('sends a call as soon as maxRows items wait, and the rest after the wait', async () => {
    vi.useFakeTimers();
    const { batcher, calls } = doubling(3, 5);

    const first = batcher.submit([1, 2]);
    const second = batcher.submit([3, 4, 5, 6, 7]);
    expect(calls).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(await first).toEqual([2, 4]);
    await vi.advanceTimersByTimeAsync(5);

    expect(calls).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(await second).toEqual([6, 8, 10, 12, 14]);
  });

  it('sends nothing for no items', async () => {
    const { batcher, calls } = doubling(3, 5);

    expect(await batcher.submit([])).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('rejects the callers whose items were in a failed call', async () => {
    vi.useFakeTimers();
    const batcher = new MicroBatcher<number, number>({
      maxRows: 2,
      maxWaitMs: 5,
      run: (items) => (items.includes(3) ? Promise.reject(new Error('down')) : Promise.resolve([...items])),
    });

    const first = batcher.submit([1, 2]);
    const second = batcher.submit([3]);
    const outcome = expect(second).rejects.toThrow('down');
    await vi.advanceTimersByTimeAsync(5);

    expect(await first).toEqual([1, 2]);
    await outcome;
  });
});
