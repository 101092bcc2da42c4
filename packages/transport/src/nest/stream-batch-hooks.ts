import type { RecordBatch } from '../stream-transport.js';

/**
 * Work around each batch of one consumed stream, for services whose records
 * depend on their batch (e.g. a watermark computed over the partition's
 * records in order). `before` runs first, with each record's event decoded
 * against the stream's contract (undefined for a record that fails it and
 * will be dead-lettered), and what it returns reaches every
 * record's handler as `StreamRecordContext.getBatchState()`; `after` runs
 * once every record is handled or dead-lettered, before the batch is
 * committed. A rejection of either fails the batch, which the consumer
 * retries whole with backoff: nothing is committed past it.
 */
export interface StreamBatchHooks<State = unknown, Event = unknown> {
  before?(batch: RecordBatch, events: readonly (Event | undefined)[]): Promise<State>;
  after?(batch: RecordBatch, state: State): Promise<void>;
}
