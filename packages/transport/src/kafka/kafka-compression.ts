import { CompressionTypes } from 'kafkajs';

import type { OutgoingRecord } from '../stream-transport.js';

/**
 * `none` (Kafka's own default) or `gzip` (KAFKA_COMPRESSION), the one codec
 * kafkajs ships; Snappy, LZ4 and ZSTD need native add-ons.
 */
export type KafkaCompression = 'none' | 'gzip';

/** With `gzip`, publishes of at least this many key and value bytes are compressed; smaller ones are not. */
export const DEFAULT_COMPRESS_MIN_BYTES = 64 * 1024;

/**
 * Under `gzip`: GZIP for a bulk publish, none for a small one. kafkajs
 * compresses through zlib on the libuv thread pool, once per partition, and
 * every consumer decompresses the same way: two thread-pool hops on the
 * publish-to-handler path, plus native buffers whose growth makes V8 run
 * full collections. Measured at 1,000 records/s in 50 ms publishes (about
 * 15 KiB each), GZIP doubled the collections and took p99 from 10-15 ms to
 * 27-44 ms, to save a few kilobytes per request. Above the threshold the
 * bytes saved matter and a few milliseconds do not.
 *
 * It still costs CPU: a feature engine working through a backlog spent a
 * fifth of its CPU compressing its publishes and decompressing its input
 * (docs/stream-transport.md), which is why it is off unless asked for, as
 * where bytes are billed (MSK Serverless charges per GB in and out).
 */
export function compressionFor(
  records: readonly OutgoingRecord[],
  compression: KafkaCompression,
  minBytes: number = DEFAULT_COMPRESS_MIN_BYTES,
): CompressionTypes {
  if (compression === 'none') return CompressionTypes.None;
  let bytes = 0;
  for (const record of records) {
    bytes += Buffer.byteLength(record.key) + record.value.length;
    if (bytes >= minBytes) return CompressionTypes.GZIP;
  }
  return CompressionTypes.None;
}
