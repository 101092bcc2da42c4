import { describe, expect, it } from 'vitest';

import { MAX_SEND_BYTES, sendChunks } from './kafka-send-chunks.js';

const record = (key: string, valueBytes: number) => ({ key, value: Buffer.alloc(valueBytes) });

describe('sendChunks', () => {
  it('keeps a publish that fits in one request whole', () => {
    const tick = Array.from({ length: 500 }, (_, i) => record(`card-${i}`, 600));
    expect(sendChunks(tick)).toEqual([tick]);
    expect(sendChunks([])).toEqual([]);
  });

  it('cuts a big publish into consecutive chunks, in order, each within the limit', () => {
    // 2,000 feature vectors of about 1.2 KB: some 2.4 MB, over the broker's 1 MiB per batch.
    const bulk = Array.from({ length: 2_000 }, (_, i) => record(`card-${i}`, 1_200));
    const chunks = sendChunks(bulk);
    expect(chunks.map((chunk) => chunk.length)).toEqual([806, 805, 389]);
    expect(chunks.flat()).toEqual(bulk);
    for (const chunk of chunks) {
      const bytes = chunk.reduce((sum, r) => sum + Buffer.byteLength(r.key) + r.value.length + 32, 0);
      expect(bytes).toBeLessThanOrEqual(MAX_SEND_BYTES);
    }
  });

  it('counts keys in UTF-8 bytes and puts a record over the limit in a chunk of its own', () => {
    // 2 + 5 + 32 = 39 bytes each for "é": three fit in 117, a fourth does not.
    expect(
      sendChunks([record('é', 5), record('é', 5), record('é', 5), record('é', 5)], 117).map((c) => c.length),
    ).toEqual([3, 1]);
    const huge = record('big', 200);
    expect(sendChunks([record('a', 1), huge, record('b', 1)], 100)).toEqual([
      [record('a', 1)],
      [huge],
      [record('b', 1)],
    ]);
  });
});
