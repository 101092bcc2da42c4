import type { StoredRecord } from './stored-record.js';

/** A contract's decoder (`decodeTransaction`, `decodeDeadLetter`…): the event, or why the bytes are not one. */
export type EventDecoder<T> = (bytes: Buffer) => { ok: true; value: T } | { ok: false; error: Error };

/** A stored record with its value decoded. */
export interface DecodedRecord<T> extends StoredRecord {
  event: T;
}

/** Each record with its value decoded, in order: a record that fails the contract fails the test. */
export function decodeRecords<T>(records: readonly StoredRecord[], decode: EventDecoder<T>): DecodedRecord<T>[] {
  return records.map((record) => {
    const decoded = decode(record.value);
    if (!decoded.ok) throw decoded.error;
    return { ...record, event: decoded.value };
  });
}
