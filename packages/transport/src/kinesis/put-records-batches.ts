import type { OutgoingRecord } from '../stream-transport.js';

/** The PutRecords quotas a request plan must respect. */
export interface PutRecordsLimits {
  maxRecords: number;
  /** Data plus partition keys of the whole request. */
  maxRequestBytes: number;
  /** Data plus partition key of one record. */
  maxRecordBytes: number;
}

/** The Kinesis defaults: 500 records, 5 MiB per request, 1 MiB per record. */
export const PUT_RECORDS_LIMITS: PutRecordsLimits = {
  maxRecords: 500,
  maxRequestBytes: 5 * 1024 * 1024,
  maxRecordBytes: 1024 * 1024,
};

/** Kinesis accepts partition keys of 1 to 256 Unicode characters. */
const MAX_PARTITION_KEY_CHARS = 256;

/** A record and its position in the published array. */
export interface IndexedRecord {
  index: number;
  record: OutgoingRecord;
}

/** One planned PutRecords request: records in ascending original position, and their size for the quotas. */
export interface PutRecordsBatch {
  entries: IndexedRecord[];
  bytes: number;
}

/** A record Kinesis would refuse whatever the batching: too large, or a bad partition key. */
export class PutRecordsLimitError extends Error {
  readonly index: number;

  constructor(index: number, reason: string) {
    super(`record #${index} cannot be put: ${reason}`);
    this.name = 'PutRecordsLimitError';
    this.index = index;
  }
}

/**
 * Plans the PutRecords requests for `records`. A request may go out once the
 * previous request of each of its keys was accepted (requestDependencies).
 *
 * Besides the quotas, a request holds at most one record per partition key,
 * and the records of a key sit in strictly increasing requests in their
 * original order. Kinesis processes each entry of a request independently, so
 * if two entries of one key shared a request and the first failed while the
 * second succeeded, the second would already be in the shard ahead of the
 * first and no retry could undo that. With one entry per key per request, a
 * failed entry is retried before anything later of its key is sent.
 *
 * Each record goes into the first request after its key's previous one that
 * still has room (first fit), so distinct keys fill requests up to the quotas.
 * Throws PutRecordsLimitError for a record that fits no request.
 */
export function putRecordsBatches(
  records: readonly OutgoingRecord[],
  limits: PutRecordsLimits = PUT_RECORDS_LIMITS,
): PutRecordsBatch[] {
  const batches: PutRecordsBatch[] = [];
  const lastBatchOfKey = new Map<string, number>();
  records.forEach((record, index) => {
    const bytes = recordBytes(record, index, limits);
    let position = (lastBatchOfKey.get(record.key) ?? -1) + 1;
    let batch = batches[position];
    while (batch !== undefined && !hasRoom(batch, bytes, limits)) batch = batches[++position];
    if (batch === undefined) {
      batch = { entries: [], bytes: 0 };
      batches.push(batch);
    }
    batch.entries.push({ index, record });
    batch.bytes += bytes;
    lastBatchOfKey.set(record.key, position);
  });
  return batches;
}

/** What a record counts toward the quotas: its data plus its UTF-8 partition key. */
function recordBytes(record: OutgoingRecord, index: number, limits: PutRecordsLimits): number {
  const { key } = record;
  if (key.length === 0) throw new PutRecordsLimitError(index, 'empty partition key');
  // Kinesis counts characters; only a long key needs the code points counted.
  if (key.length > MAX_PARTITION_KEY_CHARS && Array.from(key).length > MAX_PARTITION_KEY_CHARS) {
    throw new PutRecordsLimitError(index, `partition key longer than ${MAX_PARTITION_KEY_CHARS} characters`);
  }
  const bytes = Buffer.byteLength(key, 'utf8') + record.value.length;
  if (bytes > limits.maxRecordBytes) {
    throw new PutRecordsLimitError(
      index,
      `${bytes} bytes with its partition key, over the ${limits.maxRecordBytes}-byte record limit`,
    );
  }
  return bytes;
}

function hasRoom(batch: PutRecordsBatch, bytes: number, limits: PutRecordsLimits): boolean {
  return batch.entries.length < limits.maxRecords && batch.bytes + bytes <= limits.maxRequestBytes;
}
