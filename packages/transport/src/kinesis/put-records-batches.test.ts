import { describe, expect, it } from 'vitest';

import type { OutgoingRecord } from '../stream-transport.js';
import { PUT_RECORDS_LIMITS, putRecordsBatches, PutRecordsLimitError } from './put-records-batches.js';

const MiB = 1024 * 1024;

function record(key: string, valueBytes: number): OutgoingRecord {
  return { key, value: Buffer.alloc(valueBytes, 0x61) };
}

function indicesOf(records: readonly OutgoingRecord[]): number[][] {
  return putRecordsBatches(records).map((batch) => batch.entries.map(({ index }) => index));
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, offset) => start + offset);
}

describe('putRecordsBatches', () => {
  it('plans no request for no records', () => {
    expect(putRecordsBatches([])).toEqual([]);
  });

  it('cuts requests at 500 records', () => {
    const records = range(0, 1_201).map((n) => record(`card-${n}`, 10));
    expect(indicesOf(records)).toEqual([range(0, 500), range(500, 1_000), range(1_000, 1_201)]);
  });

  it('cuts requests at 5 MiB, partition keys included', () => {
    // Each record is exactly 1 MiB with its 6-byte key: five fill a request.
    const records = range(0, 11).map((n) => record(`card-${n.toString(16)}`, MiB - 6));
    expect(indicesOf(records)).toEqual([range(0, 5), range(5, 10), [10]]);
    expect(putRecordsBatches(records).map((batch) => batch.bytes)).toEqual([5 * MiB, 5 * MiB, MiB]);
  });

  it('counts partition keys in UTF-8 bytes', () => {
    // "é" is two bytes: 1 MiB − 1 of data plus a one-character key is one byte over.
    expect(() => putRecordsBatches([record('é', MiB - 1)])).toThrow(
      'record #0 cannot be put: 1048577 bytes with its partition key, over the 1048576-byte record limit',
    );
  });

  it('accepts a record of exactly 1 MiB with its key and rejects one byte more, naming its index', () => {
    expect(indicesOf([record('k', MiB - 1)])).toEqual([[0]]);
    const records = [record('a', 10), record('b', 10), record('c', MiB)];
    expect(() => putRecordsBatches(records)).toThrow(PutRecordsLimitError);
    expect(() => putRecordsBatches(records)).toThrow(
      'record #2 cannot be put: 1048577 bytes with its partition key, over the 1048576-byte record limit',
    );
  });

  it('puts at most one record of a key in a request, keeping each key in order', () => {
    const keys = ['A', 'A', 'B', 'A', 'C', 'B'];
    expect(indicesOf(keys.map((key) => record(key, 1)))).toEqual([[0, 2, 4], [1, 5], [3]]);
  });

  it('gives 2,000 records of 50 interleaved keys 40 requests of 50', () => {
    const records = range(0, 2_000).map((n) => record(`card-${n % 50}`, 300));
    expect(indicesOf(records)).toEqual(range(0, 40).map((round) => range(round * 50, round * 50 + 50)));
  });

  it('fills the first request with room after the key’s previous one', () => {
    const limits = { maxRecords: 3, maxRequestBytes: 10, maxRecordBytes: 10 };
    // With their 1-byte keys: 6; 6 (no room left in the first); 3 (fits the first); 2 (9 + 2 > 10); 1 (fills the first).
    const records = [record('a', 5), record('b', 5), record('c', 2), record('d', 1), record('e', 0)];
    expect(putRecordsBatches(records, limits)).toEqual([
      { entries: [0, 2, 4].map((index) => ({ index, record: records[index] })), bytes: 10 },
      { entries: [1, 3].map((index) => ({ index, record: records[index] })), bytes: 8 },
    ]);
  });

  it('rejects an empty partition key and one longer than 256 characters', () => {
    expect(() => putRecordsBatches([record('a', 1), record('', 1)])).toThrow(
      'record #1 cannot be put: empty partition key',
    );
    expect(() => putRecordsBatches([record('x'.repeat(257), 1)])).toThrow(
      'record #0 cannot be put: partition key longer than 256 characters',
    );
  });

  it('counts a partition key in characters, not UTF-16 units', () => {
    // 256 emoji are 512 UTF-16 units and 1,024 bytes: still a valid key.
    expect(indicesOf([record('😀'.repeat(256), 1)])).toEqual([[0]]);
  });

  it('uses the Kinesis quotas by default', () => {
    expect(PUT_RECORDS_LIMITS).toEqual({ maxRecords: 500, maxRequestBytes: 5 * MiB, maxRecordBytes: MiB });
  });
});
