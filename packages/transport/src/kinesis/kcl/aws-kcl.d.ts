// Types for the part of aws-kcl 2.3.2 (lib/kcl/kcl_process.js) the record
// processor uses; the package ships none. Shapes follow the MultiLangDaemon's
// JSON messages, which aws-kcl passes through minus their `action` field.
declare module 'aws-kcl' {
  namespace kcl {
    interface Record {
      /** Base64 of the record's bytes. */
      data: string;
      partitionKey: string;
      sequenceNumber: string;
      subSequenceNumber?: number | null;
      /** Epoch milliseconds. */
      approximateArrivalTimestamp?: number | null;
    }

    /** Callback of a checkpoint: `error` is the daemon's message when it failed. */
    type CheckpointCallback = (error: string | null | undefined, sequenceNumber?: string) => void;

    interface Checkpointer {
      checkpoint(sequenceNumber: string, callback: CheckpointCallback): void;
      /** Without a sequence number: at the last record delivered, or SHARD_END in shardEnded. */
      checkpoint(callback: CheckpointCallback): void;
    }

    interface InitializeInput {
      shardId: string;
      sequenceNumber?: string | null;
      subSequenceNumber?: number | null;
    }

    interface ProcessRecordsInput {
      records: Record[];
      millisBehindLatest?: number | null;
      checkpointer: Checkpointer;
    }

    interface CheckpointerInput {
      checkpointer: Checkpointer;
    }

    /** Every callback must be called exactly once, after any checkpoint it made completed. */
    interface RecordProcessor {
      initialize(input: InitializeInput, completeCallback: () => void): void;
      processRecords(input: ProcessRecordsInput, completeCallback: () => void): void;
      leaseLost(input: object, completeCallback: () => void): void;
      shardEnded(input: CheckpointerInput, completeCallback: () => void): void;
      shutdownRequested?(input: CheckpointerInput, completeCallback: () => void): void;
    }
  }

  function kcl(recordProcessor: kcl.RecordProcessor): { run(): void };
  export = kcl;
}
