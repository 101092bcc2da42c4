import { encodeEvent, streamName, type StreamName } from '@fraud/contracts';
import { TransientError } from '@fraud/resilience';
import { Inject, Injectable } from '@nestjs/common';

import type { StreamTransport } from '../stream-transport.js';
import { STREAM_PREFIX, STREAM_TRANSPORT } from './transport.tokens.js';

/** One event to publish, with its partition key: the card token. */
export interface OutgoingEvent {
  key: string;
  event: object;
}

/** How a service writes its output streams: events as UTF-8 JSON records, STREAM_PREFIX applied. */
@Injectable()
export class EventPublisher {
  constructor(
    @Inject(STREAM_TRANSPORT) private readonly transport: StreamTransport,
    @Inject(STREAM_PREFIX) private readonly streamPrefix: string,
  ) {}

  /**
   * Resolves once the transport has durably accepted every event, so a
   * consumer may then commit the input that produced them. Rejects with a
   * TransientError (its cause the transport's PublishError): an output that
   * did not land is the transport's failure, never the input record's, so a
   * handler failing on it is retried without limit rather than dead-lettered.
   */
  async publish(stream: StreamName, events: readonly OutgoingEvent[]): Promise<void> {
    if (events.length === 0) return;
    const name = streamName(stream, this.streamPrefix);
    const records = events.map(({ key, event }) => ({ key, value: encodeEvent(event) }));
    try {
      await this.transport.publisher.publish(name, records);
    } catch (error) {
      throw new TransientError(`publish to ${name} failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }
}
