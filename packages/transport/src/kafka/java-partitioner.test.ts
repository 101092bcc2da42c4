import { randomBytes } from 'node:crypto';

import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';

import { javaCompatiblePartitioner, murmur2, partitionForKey } from './java-partitioner.js';

function metadata(partitions: number): PartitionMetadata[] {
  return Array.from({ length: partitions }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 1,
    replicas: [1],
    isr: [1],
  }));
}

describe('murmur2', () => {
  // Apache Kafka's UtilsTest.testMurmur2.
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('hashes %s as the Java client does', (key, hash) => {
    expect(murmur2(Buffer.from(key))).toBe(hash);
  });

  it('maps a key to the Java partition', () => {
    // toPositive(-790332482) = 1357151166, and 1357151166 % 50 = 16.
    expect(partitionForKey(Buffer.from('foobar'), 50)).toBe(16);
  });
});

describe('javaCompatiblePartitioner', () => {
  it("agrees with kafkajs's DefaultPartitioner on 5,000 keys of every tail length", () => {
    const ours = javaCompatiblePartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    const mismatches: string[] = [];
    for (let i = 0; i < 5_000; i++) {
      const key = i % 2 === 0 ? randomBytes(i % 41).toString('base64url') : randomBytes(1 + (i % 67));
      const args = { topic: 'transactions', partitionMetadata: metadata(1 + (i % 12)), message: { key, value: null } };
      if (ours(args) !== theirs(args)) mismatches.push(String(key));
    }
    expect(mismatches).toEqual([]);
  });

  it('keeps an explicit partition, and spreads records without a key over the partitions', () => {
    const partition = javaCompatiblePartitioner();
    const partitionMetadata = metadata(4);
    expect(partition({ topic: 't', partitionMetadata, message: { key: 'card-1', value: null, partition: 3 } })).toBe(3);
    const keyless = new Set(
      Array.from({ length: 8 }, () => partition({ topic: 't', partitionMetadata, message: { value: null } })),
    );
    expect([...keyless].sort()).toEqual([0, 1, 2, 3]);
  });
});
