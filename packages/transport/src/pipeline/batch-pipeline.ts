import type { BatchHandler, IncomingRecord } from '../stream-transport.js';
import { RunningBatch, type ConsumedBatch } from './consumed-batch.js';
import { errorMessage } from './error-message.js';
import { createRecordRunner, type RecordRunnerOptions } from './record-runner.js';

/** What a decoder returns; a contract's `decode` (`ParseResult`) is one. */
export type DecodeResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Error };

export interface BatchPipelineOptions<E> extends RecordRunnerOptions {
  /** Bytes to event; a failure is dead-lettered at once, since retrying cannot fix a payload. */
  decode: (record: IncomingRecord) => DecodeResult<E>;
  /** The stream's handler: resolves once the batch's outputs are durably published and its progress recorded. */
  handle: (batch: ConsumedBatch<E>) => Promise<void>;
}

/**
 * The consumer side of every stream, whatever the transport: a BatchHandler
 * that decodes each record against the stream's contract, dead-letters those
 * that fail it (before the handler runs, so they may precede earlier records'
 * dead letters), then hands the others to the stream's handler as one batch.
 * The transport commits the batch once this resolves.
 */
export function createBatchPipeline<E>(options: BatchPipelineOptions<E>): BatchHandler {
  const runner = createRecordRunner(options);
  const labels = { stream: options.stream };
  return async (batch) => {
    const startedAtMs = Date.now();
    const started = performance.now();
    const valid: { event: E; source: IncomingRecord }[] = [];
    for (const record of batch.records) {
      const decoded = decodeSafely(options.decode, record);
      if (decoded.ok) valid.push({ event: decoded.value, source: record });
      else await runner.deadLetter(record, decoded.error, 1, 'invalid');
    }
    const running = new RunningBatch(batch.stream, batch.partition, valid, runner);
    if (running.records.length > 0) await options.handle(running);
    running.finish();
    // Each record's time in the service is its batch's; before that, it waited since its timestamp.
    const seconds = (performance.now() - started) / 1000;
    for (const record of batch.records) {
      options.metrics.handlerSeconds.observe(labels, seconds);
      options.metrics.recordWaitSeconds.observe(labels, Math.max(0, startedAtMs - record.timestamp.getTime()) / 1000);
    }
  };
}

/** A decoder that throws has refused the record too: it must not block the partition. */
function decodeSafely<T>(decode: (record: IncomingRecord) => DecodeResult<T>, record: IncomingRecord): DecodeResult<T> {
  try {
    return decode(record);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(errorMessage(error)) };
  }
}
