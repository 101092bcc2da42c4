import type { EventOf, StreamName } from '@fraud/contracts';
import { SetMetadata } from '@nestjs/common';

import type { ConsumedBatch } from '../pipeline/consumed-batch.js';

/** Metadata key of a `@StreamBatch` method: the stream it handles. */
export const STREAM_BATCH_METADATA = 'fraud:stream-batch';

/** The shape of a stream's handler: the batch of its events in, resolved once the outputs are published. */
export type StreamBatchHandler<S extends StreamName> = (batch: ConsumedBatch<EventOf<S>>) => Promise<void>;

/**
 * Marks a provider's method as the one handler of a consumed stream (its
 * name without STREAM_PREFIX), called with each batch of that stream's
 * contract-valid events:
 *
 *     @StreamBatch('fraud-scores')
 *     async alert(batch: ConsumedBatch<FraudScore>): Promise<void> { ... }
 *
 * The method's batch type must be the stream's event: a mismatch does not compile.
 */
export function StreamBatch<S extends StreamName>(
  stream: S,
): (target: object, method: string | symbol, descriptor: TypedPropertyDescriptor<StreamBatchHandler<S>>) => void {
  return (target, method, descriptor) => {
    SetMetadata(STREAM_BATCH_METADATA, stream)(target, method, descriptor);
  };
}
