import type { BatchHandler } from '../stream-transport.js';
import { createBatchPipeline, type BatchPipelineOptions } from './batch-pipeline.js';
import type { ConsumedRecord } from './consumed-batch.js';
import { DEFAULT_MAX_IN_FLIGHT, positiveInteger } from './record-runner.js';

export interface RecordPipelineOptions<T> extends Omit<BatchPipelineOptions<T>, 'handle'> {
  /** Processes one event; resolves once its outputs are durably published. */
  handle: (value: T, record: ConsumedRecord<T>) => Promise<void>;
  /** Records handled at once, each of a different key. */
  maxInFlight?: number;
}

/**
 * A batch pipeline whose handler is one event at a time (each key's records
 * in order, keys concurrently), for consumers with no work across a batch:
 * the transport's contract tests and tools.
 */
export function createRecordPipeline<T>(options: RecordPipelineOptions<T>): BatchHandler {
  const maxInFlight = positiveInteger('maxInFlight', options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
  return createBatchPipeline<T>({
    ...options,
    handle: async (batch) => {
      await batch.mapRecords((record) => options.handle(record.event, record), { maxInFlight });
    },
  });
}
export { RecordRetryAbortedError } from './record-runner.js';
