import { encodeEvent, streamName, type EventOf, type StreamName } from '@fraud/contracts';
import { TransientError } from '@fraud/resilience';
import { Inject, Injectable } from '@nestjs/common';

import type { StreamTransport } from '../stream-transport.js';
import { PUBLISHED_STREAMS, STREAM_PREFIX, STREAM_TRANSPORT } from './transport.tokens.js';

/**
 * How a service writes its output streams: each event one UTF-8 JSON record
 * keyed by its card token, STREAM_PREFIX applied, to the streams the service
 * declared it publishes (startService's `publishes`).
 */
@Injectable()
export class EventPublisher {
  private readonly names: ReadonlyMap<StreamName, string>;

  constructor(
    @Inject(STREAM_TRANSPORT) private readonly transport: StreamTransport,
    @Inject(STREAM_PREFIX) streamPrefix: string,
    @Inject(PUBLISHED_STREAMS) publishes: readonly StreamName[],
  ) {
    this.names = new Map(publishes.map((stream) => [stream, streamName(stream, streamPrefix)]));
  }

  /**
   * Resolves once the transport has durably accepted every event, so a
   * consumer may then commit the input that produced them. Rejects with a
   * TransientError (its cause the transport's PublishError): an output that
   * did not land is the transport's failure, never the input record's, so a
   * handler failing on it is retried without limit rather than dead-lettered.
   */
  async publish<S extends StreamName>(
    stream: S,
    events: readonly (EventOf<S> & { cardToken: string })[],
  ): Promise<void> {
    const name = this.names.get(stream);
    if (name === undefined) {
      throw new Error(
        `this service does not publish to ${stream}: it declared ${[...this.names.keys()].join(', ') || 'no stream'}`,
      );
    }
    if (events.length === 0) return;
    const records = events.map((event) => ({ key: event.cardToken, value: encodeEvent(event) }));
    try {
      await this.transport.publisher.publish(name, records);
    } catch (error) {
      throw new TransientError(`publish to ${name} failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }
}
