import { CompressionTypes } from 'kafkajs';
import { describe, expect, it } from 'vitest';

import { compressionFor, DEFAULT_COMPRESS_MIN_BYTES } from './kafka-compression.js';

const record = (key: string, valueBytes: number) => ({ key, value: Buffer.alloc(valueBytes) });

describe('compressionFor', () => {
  it('leaves a publish under the threshold uncompressed', () => {
    // 50 records of about 300 bytes: one 50 ms tick at 1,000 records/s.
    const tick = Array.from({ length: 50 }, (_, i) => record(`card-${String(i).padStart(4, '0')}`, 300));
    expect(compressionFor(tick)).toBe(CompressionTypes.None);
    expect(compressionFor([])).toBe(CompressionTypes.None);
  });

  it('compresses a publish whose keys and values reach the threshold', () => {
    expect(DEFAULT_COMPRESS_MIN_BYTES).toBe(65_536);
    expect(compressionFor([record('ab', 65_533)])).toBe(CompressionTypes.None);
    expect(compressionFor([record('ab', 65_534)])).toBe(CompressionTypes.GZIP);
    // Keys count in UTF-8 bytes: "é" is two.
    expect(compressionFor([record('é', 9)], 11)).toBe(CompressionTypes.GZIP);
    expect(compressionFor([record('e', 9)], 11)).toBe(CompressionTypes.None);
  });

  it('compresses a bulk publish of 500 transactions', () => {
    const bulk = Array.from({ length: 500 }, (_, i) => record(`card-${i}`, 300));
    expect(compressionFor(bulk)).toBe(CompressionTypes.GZIP);
  });
});
