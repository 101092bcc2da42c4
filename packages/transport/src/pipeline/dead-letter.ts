import type { DeadLetter } from '@fraud/contracts';

import type { IncomingRecord } from '../stream-transport.js';

export interface RecordFailure {
  /** Why the record could not be processed: a contract error naming the fields, or the handler's last error. */
  error: string;
  /** Times the record was tried: 1 for a record that did not decode. */
  attempts: number;
  failedAt: Date;
}

/**
 * The DeadLetter of a record, per contracts.md: where it came from and the
 * original bytes, untouched (base64), so an operator can inspect and replay
 * it even when it is not valid UTF-8 or JSON.
 */
export function buildDeadLetter(record: IncomingRecord, failure: RecordFailure): DeadLetter {
  return {
    schemaVersion: 1,
    sourceStream: record.stream,
    ...(record.partition === '' ? {} : { partition: record.partition }),
    position: record.position,
    partitionKey: record.key,
    error: failure.error,
    payloadBase64: record.value.toString('base64'),
    failedAt: failure.failedAt.toISOString(),
    attempts: failure.attempts,
  };
}
