export { createBatchPipeline, type BatchPipelineOptions, type DecodeResult } from './batch-pipeline.js';
export { type ConsumedBatch, type ConsumedRecord, type MapRecordsOptions } from './consumed-batch.js';
export { buildDeadLetter, type RecordFailure } from './dead-letter.js';
export { createRecordPipeline, type RecordPipelineOptions } from './record-pipeline.js';
export {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_IN_FLIGHT,
  RecordRetryAbortedError,
  type DeadLetterReason,
  type RecordRunnerOptions,
} from './record-runner.js';
