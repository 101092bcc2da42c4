import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

import { describe, expect, it } from 'vitest';

import { crc32c } from './crc32c.js';
import { patchKafkaRecordBatchCrc } from './crc32c-patch.js';

const require = createRequire(import.meta.url);
/** kafkajs' own byte-at-a-time CRC-32C, the reference. */
const kafkajsCrc = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C.js') as (bytes: Buffer) => number;

describe('crc32c', () => {
  it('gives the standard check value and what kafkajs computes, for every length around its 8-byte steps', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
    for (let length = 0; length < 70; length++) {
      const bytes = randomBytes(length);
      expect(crc32c(bytes)).toBe(kafkajsCrc(bytes));
    }
    const large = randomBytes(1 << 20);
    expect(crc32c(large)).toBe(kafkajsCrc(large));
  });

  it('reads a view at its offset, as kafkajs hands it a Buffer of a larger one', () => {
    const whole = randomBytes(100);
    const view = whole.subarray(13, 91);
    expect(crc32c(view)).toBe(kafkajsCrc(Buffer.from(view)));
  });
});

describe('patchKafkaRecordBatchCrc', () => {
  it('puts crc32c where kafkajs record batch encoder loads its CRC from, and batches carry its value', async () => {
    patchKafkaRecordBatchCrc();
    expect(require('kafkajs/src/protocol/recordBatch/crc32C/index.js')).toBe(crc32c);

    const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as {
      RecordBatch: (batch: { records: unknown[]; firstTimestamp: number; maxTimestamp: number }) => Promise<{
        buffer: Buffer;
      }>;
    };
    const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (record: {
      offsetDelta: number;
      key: Buffer;
      value: Buffer;
    }) => unknown;
    const encoded = await RecordBatch({
      records: [Record({ offsetDelta: 0, key: Buffer.from('card'), value: Buffer.from('{"amount":1}') })],
      firstTimestamp: 1,
      maxTimestamp: 1,
    });
    // v2 record batch: the CRC (4 bytes at 17) covers everything from the attributes (byte 21) on.
    const { buffer } = encoded;
    expect(buffer.readUInt32BE(17)).toBe(crc32c(buffer.subarray(21)));
  });
});
