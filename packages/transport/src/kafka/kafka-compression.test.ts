import { CompressionTypes } from 'kafkajs';
import { describe, expect, it } from 'vitest';

import { compressionFor, DEFAULT_COMPRESS_MIN_BYTES } from './kafka-compression.js';

const record = (key: string, valueBytes: number) => ({ key, value: Buffer.alloc(valueBytes) });

describe('compressionFor', () => {
  it('compresses nothing under none, the default, however big', () => {
    const bulk = Array.from({ length: 500 }, (_, i) => record(`card-${i}`, 1_000));
    expect(compressionFor(bulk, 'none')).toBe(CompressionTypes.None);
  });

  it('under gzip, leaves a publish under the threshold uncompressed', () => {
    // 50 records of about 300 bytes: one 50 ms tick at 1,000 records/s.
    const tick = Array.from({ length: 50 }, (_, i) => record(`card-${String(i).padStart(4, '0')}`, 300));
    expect(compressionFor(tick, 'gzip')).toBe(CompressionTypes.None);
    expect(compressionFor([], 'gzip')).toBe(CompressionTypes.None);
  });

  it('under gzip, compresses a publish whose keys and values reach the threshold', () => {
    expect(DEFAULT_COMPRESS_MIN_BYTES).toBe(65_536);
    expect(compressionFor([record('ab', 65_533)], 'gzip')).toBe(CompressionTypes.None);
    expect(compressionFor([record('ab', 65_534)], 'gzip')).toBe(CompressionTypes.GZIP);
    // Keys count in UTF-8 bytes: "é" is two.
    expect(compressionFor([record('é', 9)], 'gzip', 11)).toBe(CompressionTypes.GZIP);
    expect(compressionFor([record('e', 9)], 'gzip', 11)).toBe(CompressionTypes.None);
  });

  it('under gzip, compresses a bulk publish of 500 transactions', () => {
    const bulk = Array.from({ length: 500 }, (_, i) => record(`card-${i}`, 300));
    expect(compressionFor(bulk, 'gzip')).toBe(CompressionTypes.GZIP);
  });
});
