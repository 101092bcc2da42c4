// The bridge between the record processors the MultiLangDaemon runs (one
// child process per shard) and the service process that owns the handler:
// newline-delimited JSON over a Unix domain socket, the child asking and the
// service answering each request by id. Types only, so the child, which Node
// runs from its TypeScript source in tests, can import them erased.

/** A Kinesis record as the MultiLangDaemon sends it (JsonFriendlyRecord). */
export interface MultilangRecord {
  /** Base64 of the record's bytes. */
  data: string;
  partitionKey: string;
  sequenceNumber: string;
  subSequenceNumber?: number | null;
  /** Epoch milliseconds. */
  approximateArrivalTimestamp?: number | null;
}

/** The processor took a shard's lease: it is about to receive that shard's records. */
export interface InitializeRequest {
  id: number;
  type: 'initialize';
  shardId: string;
  /** The child's process id, so the service can account for the processes it runs. */
  pid: number;
  /** Where the processor starts: the checkpoint, or TRIM_HORIZON / LATEST for a new lease. */
  sequenceNumber?: string | null;
}

/** One GetRecords batch of a shard, in order. Answered ok once the handler resolved for all of it. */
export interface RecordsRequest {
  id: number;
  type: 'records';
  shardId: string;
  millisBehindLatest?: number | null;
  records: MultilangRecord[];
}

/** The processor is done with its shard, after any final checkpoint. */
export interface EndedRequest {
  id: number;
  type: 'ended';
  shardId: string;
  reason: 'leaseLost' | 'shardEnded' | 'shutdownRequested';
}

export type BridgeRequest = InitializeRequest | RecordsRequest | EndedRequest;

/** A log line from a child, which must keep stdout for the daemon's protocol. Not answered. */
export interface LogNotice {
  type: 'log';
  level: 'info' | 'warn' | 'error';
  shardId?: string;
  message: string;
}

export type ChildMessage = BridgeRequest | LogNotice;

export type BridgeReply = { id: number; ok: true } | { id: number; ok: false; error: string };
