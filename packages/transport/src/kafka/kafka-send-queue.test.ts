import { describe, expect, it } from 'vitest';

import { PublishError, type OutgoingRecord } from '../stream-transport.js';
import { SendQueue, type SendPart } from './kafka-send-queue.js';

const records = (prefix: string, count: number, valueBytes = 10): OutgoingRecord[] =>
  Array.from({ length: count }, (_, i) => ({ key: `${prefix}-${i}`, value: Buffer.alloc(valueBytes, i % 256) }));

/** Each request as `stream:first key..last key` per part; `fail` decides which requests reject. */
function recordingSend(fail: (parts: readonly SendPart[]) => boolean = () => false) {
  const requests: string[][] = [];
  let release: (() => void) | undefined;
  let held = false;
  const send = async (parts: readonly SendPart[]): Promise<void> => {
    requests.push(parts.map((p) => `${p.stream}:${p.records[0]?.key}..${p.records.at(-1)?.key}`));
    if (held) await new Promise<void>((resolve) => (release = resolve));
    if (fail(parts)) throw new Error(`refused ${parts.map((p) => p.stream).join(',')}`);
  };
  return {
    requests,
    send,
    hold: () => (held = true),
    release: () => {
      held = false;
      release?.();
    },
  };
}

describe('SendQueue', () => {
  it('sends the publishes made in one turn in one request, in order', async () => {
    const sender = recordingSend();
    const queue = new SendQueue(sender.send);
    await Promise.all([
      queue.publish('a', records('p0', 3)),
      queue.publish('b', records('p1', 2)),
      queue.publish('a', records('p2', 1)),
    ]);
    expect(sender.requests).toEqual([['a:p0-0..p0-2', 'b:p1-0..p1-1', 'a:p2-0..p2-0']]);
    await queue.publish('a', []);
    expect(sender.requests).toHaveLength(1);
  });

  it('publishes made while a request is in flight share the next one', async () => {
    const sender = recordingSend();
    const queue = new SendQueue(sender.send);
    sender.hold();
    const first = queue.publish('a', records('p0', 1));
    await new Promise((resolve) => setImmediate(resolve));
    const later = [queue.publish('a', records('p1', 1)), queue.publish('b', records('p2', 1))];
    await new Promise((resolve) => setImmediate(resolve));
    const later2 = queue.publish('c', records('p3', 1));
    sender.release();
    await Promise.all([first, ...later, later2]);
    expect(sender.requests).toEqual([['a:p0-0..p0-0'], ['a:p1-0..p1-0', 'b:p2-0..p2-0', 'c:p3-0..p3-0']]);
  });

  it('sends a big publish a chunk at a time, others joining while they fit', async () => {
    const sender = recordingSend();
    // 100 bytes a request: records of 1 + 10 + 32 bytes (keys "x-0".."x-9" are 3 bytes: 45 each), two per request.
    const queue = new SendQueue(sender.send, 100);
    await Promise.all([queue.publish('a', records('x', 5)), queue.publish('b', records('y', 1))]);
    expect(sender.requests).toEqual([['a:x-0..x-1'], ['a:x-2..x-3'], ['a:x-4..x-4', 'b:y-0..y-0']]);
  });

  it('a failed request fails its publish from the first unsent record on, and sends none of its later chunks', async () => {
    let sent = 0;
    const sender = recordingSend(() => (sent += 1) === 2);
    const queue = new SendQueue(sender.send, 100);
    const failure = await queue.publish('a', records('x', 5)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PublishError);
    expect((failure as PublishError).failures).toEqual([2, 3, 4].map((index) => ({ index, error: 'refused a' })));
    expect(sender.requests).toEqual([['a:x-0..x-1'], ['a:x-2..x-3']]);
  });

  it('a failed shared request is tried again a publish at a time: only the one that cannot land fails', async () => {
    const sender = recordingSend((parts) => parts.some((p) => p.stream === 'missing'));
    const queue = new SendQueue(sender.send);
    const [good, bad, other] = await Promise.allSettled([
      queue.publish('a', records('p0', 2)),
      queue.publish('missing', records('p1', 2)),
      queue.publish('b', records('p2', 1)),
    ]);
    expect(good.status).toBe('fulfilled');
    expect(other.status).toBe('fulfilled');
    expect(bad.status === 'rejected' && (bad.reason as PublishError).failures).toEqual([
      { index: 0, error: 'refused missing' },
      { index: 1, error: 'refused missing' },
    ]);
    expect(sender.requests).toEqual([
      ['a:p0-0..p0-1', 'missing:p1-0..p1-1', 'b:p2-0..p2-0'],
      ['a:p0-0..p0-1'],
      ['missing:p1-0..p1-1'],
      ['b:p2-0..p2-0'],
    ]);
  });
});
