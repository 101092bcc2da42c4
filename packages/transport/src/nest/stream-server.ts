import { contractForStream, streamName } from '@fraud/contracts';
import type { BackoffPolicy } from '@fraud/resilience';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { isObservable, lastValueFrom } from 'rxjs';

import type { TransportMetrics } from '../metrics/transport-metrics.js';
import { createRecordPipeline, type DecodeResult } from '../pipeline/record-pipeline.js';
import type { BatchHandler, IncomingRecord, StreamConsumer, StreamTransport } from '../stream-transport.js';
import type { StreamBatchHooks } from './stream-batch-hooks.js';
import { StreamRecordContext } from './stream-record.context.js';

/** Identifies the stream transport to Nest; `@EventPattern(stream)` without a transport matches it. */
export const STREAM_TRANSPORT_ID = Symbol('fraud-stream-transport');

export interface StreamServerOptions {
  transport: StreamTransport;
  /** Kafka consumer group / KCL application name: the service name. */
  group: string;
  /**
   * Per consumed stream (unprefixed): a group of its own instead of `group`.
   * A service consuming a second stream names one here: a KCL application
   * (and its lease table) follows one stream, and Kafka members of one group
   * should subscribe alike.
   */
  groups?: Readonly<Record<string, string>>;
  /** STREAM_PREFIX: `@EventPattern('fraud-scores')` consumes `<prefix>fraud-scores`. */
  streamPrefix?: string;
  logger: Logger;
  metrics: TransportMetrics;
  /** Where a group with no committed position starts; `earliest` by default. */
  startFrom?: 'earliest' | 'latest';
  /** Retries and concurrency of every consumed stream's record pipeline. */
  pipeline?: { maxAttempts?: number; backoff?: BackoffPolicy; maxInFlight?: number };
  /** Per consumed stream (unprefixed, as in `@StreamEvent`): work around each of its batches. */
  batchHooks?: Readonly<Record<string, StreamBatchHooks>>;
}

/**
 * The Nest transport strategy of the services: each `@EventPattern('<stream>')`
 * handler consumes that stream (STREAM_PREFIX applied) as the service's group,
 * receiving the decoded event and a StreamRecordContext.
 *
 * A handler's failure propagates into the record pipeline (retried, then
 * dead-lettered; transient failures retried without limit), so a record is
 * never committed before its handler succeeded. That needs the handler's
 * original error: connect this server with `connectStreamServer`, which
 * installs StreamErrorFilter in place of Nest's default RPC filter.
 */
export class StreamServer extends Server implements CustomTransportStrategy {
  override readonly transportId = STREAM_TRANSPORT_ID;
  // Tells Nest the errors reach our pipeline (they do: see invoke), so it does not report them itself.
  override readonly propagatesEventHandlerErrors = true;
  private readonly consumers: StreamConsumer[] = [];
  private readonly shutdown = new AbortController();
  /** Each record's batch state, while its batch is being handled. */
  private readonly batchStates = new WeakMap<IncomingRecord, unknown>();
  /** Records decoded before their batch hooks ran. */
  private readonly decoded = new WeakMap<IncomingRecord, DecodeResult<unknown>>();

  constructor(private readonly options: StreamServerOptions) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => {
        callback();
      },
      (error: unknown) => {
        callback(error);
      },
    );
  }

  /**
   * Stops every consumer: no more fetching, in-flight batches finish and are
   * committed. A record waiting on a transient failure gives up at once and
   * its batch is not committed, to be consumed again after the restart.
   * The transport itself is closed by its owner (TransportModule), after this.
   */
  async close(): Promise<void> {
    this.shutdown.abort();
    const consumers = this.consumers.splice(0);
    await Promise.all(consumers.map((consumer) => consumer.stop()));
  }

  on(): never {
    throw new Error('StreamServer emits no events; watch the metrics and logs instead');
  }

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the signature is Nest's
  unwrap<T>(): T {
    return this.options.transport as T;
  }

  private async start(): Promise<void> {
    const consumers = [...this.getHandlers()].map(([pattern, handler]) => this.consumerFor(pattern, handler));
    this.consumers.push(...consumers);
    await Promise.all(consumers.map((consumer) => consumer.start()));
    this.options.logger.info(
      {
        streams: [...this.getHandlers().keys()].map((pattern) => ({
          stream: this.prefixed(pattern),
          group: this.groupOf(pattern),
        })),
      },
      'consuming streams',
    );
  }

  private consumerFor(pattern: string, handler: MessageHandler): StreamConsumer {
    if (handler.isEventHandler !== true) {
      throw new Error(
        `@MessagePattern('${pattern}') cannot be served by a stream, which has no replies: use @EventPattern`,
      );
    }
    const contract = contractForStream(pattern);
    const stream = this.prefixed(pattern);
    const { transport, metrics, logger, pipeline } = this.options;
    const records = createRecordPipeline<unknown>({
      ...pipeline,
      stream,
      decode: (record) => this.decoded.get(record) ?? contract.decode(record.value),
      handle: (event, record) => this.invoke(handler, event, record),
      publisher: transport.publisher,
      deadLetterStream: this.prefixed(`${pattern}-dlq`),
      metrics,
      logger,
      signal: this.shutdown.signal,
    });
    const hooks = this.options.batchHooks?.[pattern];
    return transport.consumer({
      stream,
      group: this.groupOf(pattern),
      startFrom: this.options.startFrom,
      handler:
        hooks === undefined ? records : this.withHooks(records, hooks, (record) => contract.decode(record.value)),
    });
  }

  private groupOf(pattern: string): string {
    return this.options.groups?.[pattern] ?? this.options.group;
  }

  private withHooks(
    records: BatchHandler,
    hooks: StreamBatchHooks,
    decode: (record: IncomingRecord) => DecodeResult<unknown>,
  ): BatchHandler {
    return async (batch) => {
      // Decoded once: the hooks see the events, and the pipeline reuses the results.
      const events = batch.records.map((record) => {
        const result = decode(record);
        this.decoded.set(record, result);
        return result.ok ? result.value : undefined;
      });
      const state = await hooks.before?.(batch, events);
      for (const record of batch.records) this.batchStates.set(record, state);
      await records(batch);
      await hooks.after?.(batch, state);
    };
  }

  /**
   * Runs the Nest handler (and any other handlers of the same pattern, which
   * Nest chains to it) and settles when it has, with its own error. Unlike
   * the base `handleEvent`, which logs a failure and resolves.
   */
  private async invoke(handler: MessageHandler, event: unknown, record: IncomingRecord): Promise<void> {
    const context = new StreamRecordContext([
      record.stream,
      record.partition,
      record.position,
      record.key,
      record.timestamp,
      this.batchStates.get(record),
    ]);
    let failure: { error: unknown } | undefined;
    await new Promise<void>((settled) => {
      // The processing hooks let instrumentation (tracing) wrap each record.
      this.runWithProcessingHooks(context, async (runEndHook) => {
        try {
          const result: unknown = await handler(event, context);
          if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        } catch (error) {
          failure = { error };
        } finally {
          runEndHook();
          settled();
        }
      });
    });
    if (failure !== undefined) throw failure.error;
  }

  private prefixed(stream: string): string {
    return streamName(stream, this.options.streamPrefix);
  }
}
