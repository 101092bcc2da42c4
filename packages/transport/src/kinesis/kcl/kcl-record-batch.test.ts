import { describe, expect, it } from 'vitest';

import { toRecordBatch } from './kcl-record-batch.js';

describe('toRecordBatch', () => {
  it('maps the daemon records of a shard to a batch: shard id as partition, sequence number as position', () => {
    const batch = toRecordBatch('transactions', 'shardId-000000000001', [
      {
        data: Buffer.from('{"a":1}').toString('base64'),
        partitionKey: 'card-1',
        sequenceNumber: '49680458945678391069097857950039024794110327999950749714',
        subSequenceNumber: 0,
        approximateArrivalTimestamp: 1_795_348_184_487,
      },
      {
        data: '',
        partitionKey: 'card-2',
        sequenceNumber: '49680458945678391069097857950064412236322235212619579410',
        approximateArrivalTimestamp: 1_795_348_184_490,
      },
    ]);

    expect(batch).toEqual({
      stream: 'transactions',
      partition: 'shardId-000000000001',
      records: [
        {
          stream: 'transactions',
          partition: 'shardId-000000000001',
          position: '49680458945678391069097857950039024794110327999950749714',
          key: 'card-1',
          value: Buffer.from('{"a":1}'),
          timestamp: new Date(1_795_348_184_487),
        },
        {
          stream: 'transactions',
          partition: 'shardId-000000000001',
          position: '49680458945678391069097857950064412236322235212619579410',
          key: 'card-2',
          value: Buffer.alloc(0),
          timestamp: new Date(1_795_348_184_490),
        },
      ],
    });
  });
});
