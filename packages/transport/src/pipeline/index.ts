export { buildDeadLetter, type RecordFailure } from './dead-letter.js';
export {
  createRecordPipeline,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_IN_FLIGHT,
  RecordRetryAbortedError,
  type DecodeResult,
  type RecordPipelineOptions,
} from './record-pipeline.js';
