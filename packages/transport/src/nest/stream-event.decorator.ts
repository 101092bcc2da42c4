import type { StreamName } from '@fraud/contracts';
import { EventPattern } from '@nestjs/microservices';

/**
 * Marks a method as the handler of one stream (its base name, without
 * STREAM_PREFIX): `@StreamEvent('transactions') handle(@Payload() tx: Transaction, @Ctx() ctx: StreamRecordContext)`.
 * Nest 12 types `@EventPattern` handlers as `(data, ...args: unknown[])`,
 * which refuses a typed context parameter; this keeps the stream name typed
 * and the handler's parameters free.
 */
export function StreamEvent(stream: StreamName): MethodDecorator {
  return EventPattern<StreamName>(stream);
}
