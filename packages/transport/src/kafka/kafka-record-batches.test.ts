import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';

import { consumerLag, offsetAfter, toRecordBatches } from './kafka-record-batches.js';

function message(offset: number, key: string | null): KafkaMessage {
  return {
    offset: String(offset),
    key: key === null ? null : Buffer.from(key),
    value: Buffer.from(`v${offset}`),
    timestamp: String(1_767_225_600_000 + offset),
    attributes: 0,
    headers: {},
  };
}

describe('toRecordBatches', () => {
  it('cuts a partition batch into handler batches of at most maxBatchSize, in offset order', () => {
    const messages = [10, 11, 12, 13, 14].map((offset) => message(offset, `card-${offset % 2}`));

    const batches = toRecordBatches('transactions', 3, messages, 2);

    expect(
      batches.map((b) => ({ stream: b.stream, partition: b.partition, positions: b.records.map((r) => r.position) })),
    ).toEqual([
      { stream: 'transactions', partition: '3', positions: ['10', '11'] },
      { stream: 'transactions', partition: '3', positions: ['12', '13'] },
      { stream: 'transactions', partition: '3', positions: ['14'] },
    ]);
    expect(batches[0]!.records[1]).toEqual({
      stream: 'transactions',
      partition: '3',
      position: '11',
      key: 'card-1',
      value: Buffer.from('v11'),
      timestamp: new Date(1_767_225_600_011),
    });
  });

  it('reads a record without key as the empty key, and an empty fetch as no batch', () => {
    expect(toRecordBatches('t', 0, [message(0, null)], 500)[0]!.records[0]!.key).toBe('');
    expect(toRecordBatches('t', 0, [], 500)).toEqual([]);
  });

  it('rejects a batch size below one', () => {
    expect(() => toRecordBatches('t', 0, [], 0)).toThrow('maxBatchSize must be a positive integer, got 0');
  });
});

describe('offsets', () => {
  it('commits the offset after the last handled record, beyond 2^53 too', () => {
    expect(offsetAfter('41')).toBe('42');
    expect(offsetAfter('9007199254740993')).toBe('9007199254740994');
  });

  it('measures lag from the committed offset to the high watermark, never below zero', () => {
    expect(consumerLag('120', '100')).toBe(20);
    expect(consumerLag('100', '100')).toBe(0);
    expect(consumerLag('99', '100')).toBe(0);
  });
});
