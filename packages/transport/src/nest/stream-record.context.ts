import { BaseRpcContext } from '@nestjs/microservices';

type StreamRecordContextArgs = [
  stream: string,
  partition: string,
  position: string,
  key: string,
  timestamp: Date,
  batchState?: unknown,
];

/** Where the event a `@EventPattern` handler receives came from; inject it with `@Ctx()`. */
export class StreamRecordContext extends BaseRpcContext<StreamRecordContextArgs> {
  /** The stream, prefix included. */
  getStream(): string {
    return this.args[0];
  }

  /** Kafka partition number, or Kinesis shard id. */
  getPartition(): string {
    return this.args[1];
  }

  /** Kafka offset, or Kinesis sequence number. */
  getPosition(): string {
    return this.args[2];
  }

  /** The partition key: the card token. */
  getKey(): string {
    return this.args[3];
  }

  /** Broker append time (Kafka) or approximate arrival time (Kinesis). */
  getTimestamp(): Date {
    return this.args[4];
  }

  /** What the stream's `StreamBatchHooks.before` returned for this record's batch (undefined without hooks). */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the state its hooks made
  getBatchState<State>(): State {
    return this.args[5] as State;
  }
}
