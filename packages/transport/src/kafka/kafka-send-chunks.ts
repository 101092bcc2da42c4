import type { OutgoingRecord } from '../stream-transport.js';

/**
 * Most estimated bytes per produce request. A request carries one record
 * batch per partition, and the broker refuses a batch over
 * `message.max.bytes` (1 MiB by default, on MSK too): a request under it has
 * no batch over it, wherever its keys hash. Uncompressed, a bulk publish of
 * 500 feature vectors is about 600 KiB: one request, not merged with another.
 */
export const MAX_SEND_BYTES = 1_000_000;

/** A record's framing in a v2 record batch, at most (varints, headers count, attributes). */
const RECORD_OVERHEAD_BYTES = 32;

/** A record's estimated bytes in a produce request. */
export function recordBytes(record: OutgoingRecord): number {
  return Buffer.byteLength(record.key) + record.value.length + RECORD_OVERHEAD_BYTES;
}

/** Records' estimated bytes in a produce request. */
export function chunkBytes(records: readonly OutgoingRecord[]): number {
  let bytes = 0;
  for (const record of records) bytes += recordBytes(record);
  return bytes;
}

/** A publish's records as consecutive chunks of at most `maxBytes` each (a larger record alone in its chunk). */
export function sendChunks(records: readonly OutgoingRecord[], maxBytes: number = MAX_SEND_BYTES): OutgoingRecord[][] {
  const chunks: OutgoingRecord[][] = [];
  let chunk: OutgoingRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = recordBytes(record);
    if (chunk.length > 0 && bytes + size > maxBytes) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(record);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
