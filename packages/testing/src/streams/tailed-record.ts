import type { StoredRecord } from './stored-record.js';

/** A record delivered by a tail, with the stream it was appended to. */
export interface TailedRecord extends StoredRecord {
  stream: string;
}

/** Reads streams from their beginning and keeps reading what is appended, until stopped. */
export interface StreamTail {
  /** Resolves once every record appended to the tailed streams before the call has been delivered. */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** Stops reading; nothing is delivered after it resolves. */
  stop(): Promise<void>;
}
