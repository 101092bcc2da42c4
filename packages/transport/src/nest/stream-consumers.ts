import { contractForStream, streamName, type StreamName } from '@fraud/contracts';
import { LOGGER } from '@fraud/observability';
import type { BackoffPolicy } from '@fraud/resilience';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Logger } from 'pino';

import { TransportMetrics } from '../metrics/transport-metrics.js';
import { createBatchPipeline } from '../pipeline/batch-pipeline.js';
import type { ConsumedBatch } from '../pipeline/consumed-batch.js';
import type { StreamConsumer, StreamTransport } from '../stream-transport.js';
import { STREAM_BATCH_METADATA } from './stream-batch.decorator.js';
import { CONSUMPTION, STREAM_PREFIX, STREAM_TRANSPORT } from './transport.tokens.js';

/** What a service consumes and how its records are retried. */
export interface Consumption {
  /**
   * Each consumed stream (without STREAM_PREFIX) and the consumer group that
   * reads it: the Kafka group, or the KCL application and its lease table.
   * A KCL application follows one stream, so each stream needs a group of its own.
   */
  consumes: Readonly<Partial<Record<StreamName, string>>>;
  /** Attempts of a record whose work fails other than transiently, before it is dead-lettered. */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
}

interface FoundHandler {
  /** `Class.method`, for messages. */
  name: string;
  handle: (batch: ConsumedBatch<unknown>) => Promise<void>;
}

/**
 * Starts a consumer for each stream the service consumes, feeding its
 * batches to the stream's `@StreamBatch` method, once every module has
 * initialised (transport connected, Redis ready); stops them before the
 * application shuts down, so their last outputs are still published and
 * committed before the transport and Redis close.
 */
@Injectable()
export class StreamConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumers: StreamConsumer[] = [];
  private readonly shutdown = new AbortController();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(STREAM_TRANSPORT) private readonly transport: StreamTransport,
    @Inject(STREAM_PREFIX) private readonly streamPrefix: string,
    @Inject(CONSUMPTION) private readonly consumption: Consumption,
    private readonly metrics: TransportMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { handlers, problems } = this.handlers();
    const consumed = Object.entries(this.consumption.consumes) as [StreamName, string][];
    for (const [stream] of consumed) {
      if (!handlers.has(stream)) problems.push(`no @StreamBatch('${stream}') handler: the service consumes ${stream}`);
    }
    const unconsumed = [...handlers.entries()].filter(([stream]) => this.consumption.consumes[stream] === undefined);
    if (unconsumed.length > 0) {
      problems.push(
        `@StreamBatch handlers of streams the service does not consume: ${unconsumed
          .map(([stream, handler]) => `${handler.name} (${stream})`)
          .join(', ')}; add them to startService's consumes`,
      );
    }
    if (problems.length > 0) throw new Error(problems.join('; '));
    const consumers = consumed.flatMap(([stream, group]) => {
      const handler = handlers.get(stream);
      return handler === undefined ? [] : [this.consumerOf(stream, group, handler)];
    });
    this.consumers.push(...consumers.map(({ consumer }) => consumer));
    await Promise.all(consumers.map(({ consumer }) => consumer.start()));
    if (consumers.length > 0) {
      this.logger.info({ streams: consumers.map(({ stream, group }) => ({ stream, group })) }, 'consuming streams');
    }
  }

  /**
   * No more fetching; in-flight batches finish and are committed. A record
   * waiting on a transient failure gives up at once and its batch is not
   * committed, to be consumed again after the restart.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.shutdown.abort();
    const consumers = this.consumers.splice(0);
    await Promise.all(consumers.map((consumer) => consumer.stop()));
  }

  private consumerOf(
    base: StreamName,
    baseGroup: string,
    handler: FoundHandler,
  ): { stream: string; group: string; consumer: StreamConsumer } {
    const stream = streamName(base, this.streamPrefix);
    // Two stacks sharing a cluster (STREAM_PREFIX) must not share consumer
    // groups, nor KCL lease tables, which the group names.
    const group = `${this.streamPrefix}${baseGroup}`;
    const contract = contractForStream(base);
    const pipeline = createBatchPipeline<unknown>({
      stream,
      decode: (record) => contract.decode(record.value),
      handle: handler.handle,
      publisher: this.transport.publisher,
      deadLetterStream: streamName(`${base}-dlq`, this.streamPrefix),
      maxAttempts: this.consumption.maxAttempts,
      backoff: this.consumption.backoff,
      metrics: this.metrics,
      logger: this.logger,
      signal: this.shutdown.signal,
    });
    return { stream, group, consumer: this.transport.consumer({ stream, group, handler: pipeline }) };
  }

  /** Every `@StreamBatch` method of the application's providers, by stream; two for one stream is a problem. */
  private handlers(): { handlers: Map<StreamName, FoundHandler>; problems: string[] } {
    const found = new Map<StreamName, FoundHandler>();
    const problems: string[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (instance === null || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object | null;
      if (prototype === null) continue;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn: unknown = (instance as Record<string, unknown>)[method];
        if (typeof fn !== 'function') continue;
        const stream = this.reflector.get<StreamName | undefined>(STREAM_BATCH_METADATA, fn as () => unknown);
        if (stream === undefined) continue;
        const name = `${prototype.constructor.name}.${method}`;
        const other = found.get(stream);
        if (other !== undefined) {
          problems.push(`two @StreamBatch('${stream}') handlers: ${other.name} and ${name}`);
          continue;
        }
        found.set(stream, {
          name,
          handle: (batch) => (fn as (batch: ConsumedBatch<unknown>) => Promise<void>).call(instance, batch),
        });
      }
    }
    return { handlers: found, problems };
  }
}
