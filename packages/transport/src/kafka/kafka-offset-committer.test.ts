import { describe, expect, it, vi } from 'vitest';

import { OffsetCommitter, offsetsByTopic, type PartitionOffset } from './kafka-offset-committer.js';

/** A broker stand-in: records each request; each answers only when the test says so. */
class FakeCoordinator {
  readonly requests: string[][] = [];
  private readonly answers: { resolve: () => void; reject: (error: Error) => void }[] = [];

  readonly send = (offsets: readonly PartitionOffset[]): Promise<void> => {
    this.requests.push(offsets.map(({ topic, partition, offset }) => `${topic}/${String(partition)}@${offset}`));
    return new Promise((resolve, reject) => this.answers.push({ resolve, reject }));
  };

  answer(error?: Error): void {
    const next = this.answers.shift();
    if (next === undefined) throw new Error('no request is waiting');
    if (error === undefined) next.resolve();
    else next.reject(error);
  }
}

const at = (partition: number, offset: string): PartitionOffset => ({ topic: 'transactions', partition, offset });
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Whether what `start` returns settles on microtasks alone, before the event loop's next turn. */
async function settlesAtOnce(start: () => Promise<unknown>): Promise<boolean> {
  // Scheduled before start() runs, so it comes first among the turns start() may wait for.
  const nextTurn = turn().then(() => false);
  return Promise.race([start().then(() => true), nextTurn]);
}

function committer(failures: { error: unknown; offsets: readonly PartitionOffset[] }[] = []): OffsetCommitter {
  return new OffsetCommitter({
    maxAttempts: 2,
    backoff: { initialMs: 1, maxMs: 1, multiplier: 1 },
    shouldRetry: (error) => error instanceof Error && error.message === 'transient',
    onFailure: (error, offsets) => failures.push({ error, offsets }),
  });
}

describe('OffsetCommitter', () => {
  it('sends the offsets queued in one turn as one request', async () => {
    const coordinator = new FakeCoordinator();
    const commits = committer();
    commits.enqueue(at(0, '10'), coordinator.send);
    commits.enqueue(at(1, '7'), coordinator.send);
    await turn();
    expect(coordinator.requests).toEqual([['transactions/0@10', 'transactions/1@7']]);
  });

  it('holds what is queued during a request for the next one, each partition at its latest offset', async () => {
    const coordinator = new FakeCoordinator();
    const commits = committer();
    commits.enqueue(at(0, '10'), coordinator.send);
    await turn();
    commits.enqueue(at(1, '7'), coordinator.send);
    commits.enqueue(at(0, '15'), coordinator.send);
    commits.enqueue(at(0, '20'), coordinator.send);
    await turn();
    expect(coordinator.requests).toHaveLength(1);
    coordinator.answer();
    await turn();
    expect(coordinator.requests).toEqual([['transactions/0@10'], ['transactions/1@7', 'transactions/0@20']]);
  });

  it('flush resolves once everything queued before and during it is committed', async () => {
    const coordinator = new FakeCoordinator();
    const commits = committer();
    commits.enqueue(at(0, '10'), coordinator.send);
    let flushed = false;
    const flushing = commits.flush().then(() => {
      flushed = true;
    });
    await turn();
    commits.enqueue(at(1, '3'), coordinator.send);
    coordinator.answer();
    await turn();
    expect(flushed).toBe(false);
    coordinator.answer();
    await flushing;
    expect(coordinator.requests).toEqual([['transactions/0@10'], ['transactions/1@3']]);
  });

  it('flush resolves at once when nothing is queued', async () => {
    expect(await settlesAtOnce(() => committer().flush())).toBe(true);

    const coordinator = new FakeCoordinator();
    const commits = committer();
    commits.enqueue(at(0, '10'), coordinator.send);
    await turn();
    coordinator.answer();
    await commits.flush();
    expect(await settlesAtOnce(() => commits.flush())).toBe(true);
    expect(coordinator.requests).toEqual([['transactions/0@10']]);
  });

  it('retries a transient failure, then reports a request that keeps failing and goes on with the next', async () => {
    const coordinator = new FakeCoordinator();
    const failures: { error: unknown; offsets: readonly PartitionOffset[] }[] = [];
    const commits = committer(failures);
    commits.enqueue(at(0, '10'), coordinator.send);
    await turn();
    commits.enqueue(at(1, '4'), coordinator.send);
    coordinator.answer(new Error('transient'));
    await vi.waitFor(() => {
      expect(coordinator.requests).toHaveLength(2);
    });
    coordinator.answer(new Error('transient'));
    await turn();
    coordinator.answer();
    await commits.flush();
    expect(coordinator.requests).toEqual([['transactions/0@10'], ['transactions/0@10'], ['transactions/1@4']]);
    expect(failures).toEqual([{ error: new Error('transient'), offsets: [at(0, '10')] }]);
  });

  it('sends with the latest sender given', async () => {
    const first = new FakeCoordinator();
    const second = new FakeCoordinator();
    const commits = committer();
    commits.enqueue(at(0, '1'), first.send);
    commits.enqueue(at(1, '2'), second.send);
    await turn();
    expect(first.requests).toEqual([]);
    expect(second.requests).toEqual([['transactions/0@1', 'transactions/1@2']]);
  });
});

describe('offsetsByTopic', () => {
  it('groups offsets by topic, as kafkajs commits them', () => {
    expect(offsetsByTopic([at(0, '5'), { topic: 'other', partition: 2, offset: '9' }, at(3, '1')])).toEqual({
      topics: [
        {
          topic: 'transactions',
          partitions: [
            { partition: 0, offset: '5' },
            { partition: 3, offset: '1' },
          ],
        },
        { topic: 'other', partitions: [{ partition: 2, offset: '9' }] },
      ],
    });
  });
});
